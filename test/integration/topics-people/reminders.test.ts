/**
 * A person's new email address is used for later emails only (issue 12 §3): a request made for a
 * person on the people list is reminded at the address they have when the reminder goes. The sweep
 * runs in this process, as the scheduler runs it, on a table of this file's own (as
 * test/integration/reminders/ does), against DynamoDB Local and the SES emulator.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { emails, endpoints, uniqueEmail } from '../../support/http.js';
import { ensureTable } from '../../../infra/local/services.js';
import { useLocalEnv } from '../../../infra/local/env.js';
import type { SweepTally } from '../../../shared/app/emails.js';
import type { SweepResult } from '../../../shared/app/reminders.js';

const at = (iso: string) => new Date(iso);
/** The reminder sweep, then the outbox's sender, at one moment (as the scheduler and the table stream run them). */
let sweep: (iso: string) => Promise<SweepResult & SweepTally>;
let planning: typeof import('../../../shared/app/planning.js');
let people: typeof import('../../../shared/app/people.js');

beforeAll(async () => {
  const e = endpoints();
  const table = `people-reminders-${Date.now().toString(36)}`;
  await ensureTable(e.dynamodb, table);
  useLocalEnv(e, { TABLE_NAME: table, ENGAGEMENT_MANAGER_EMAIL: uniqueEmail('em'), OUTBOX_SEND_RATE_PER_SECOND: '200', POWERTOOLS_LOG_LEVEL: 'ERROR' });
  planning = await import('../../../shared/app/planning.js');
  people = await import('../../../shared/app/people.js');
  const { handler } = await import('../../../functions/send-reminders.js');
  const outbox = await import('../../../shared/app/emails.js');
  sweep = async (iso) => ({ ...(await handler({ now: iso })), ...(await outbox.sendDue(() => new Date(iso))) });
}, 60_000);

/** Subjects of the mail to an address sent after `before`. */
async function mailSince(address: string, before: Set<string>) {
  return (await emails(address)).filter((m) => !before.has(m.messageId)).map((m) => m.subject);
}

describe("a person's new address", () => {
  it('takes the next reminder; the request keeps its snapshot', async () => {
    const oldAddress = uniqueEmail('supt-old');
    const newAddress = uniqueEmail('supt-new');
    const author = await people.createPerson({ name: 'Supt Matt Davison', role: 'Roads Policing', email: oldAddress }, at('2021-09-20T09:00:00Z'));
    const sponsor = { name: 'ACC Hankinson', email: uniqueEmail('acc') };

    const [meeting] = await planning.createMeetings([{ title: 'Community Outcomes Meeting', start: '2021-12-07T14:00', place: 'Wellington House, Wakefield' }], at('2021-09-20T09:00:00Z'));
    const topic = await planning.createTopic({ title: 'Road Safety', points: ['Update on Vision Zero'], source: { kind: 'staff' } }, at('2021-09-20T09:00:00Z'));
    const request = await planning.createRequest(meeting!.id, { topicId: topic.id, author: { personId: author.id }, sponsor }, endpoints().app, at('2021-10-18T09:00:00Z'));
    await sweep('2021-10-18T09:00:01Z'); // the request emails go now (nothing is due to remind yet)
    expect(request.author).toEqual({ name: 'Supt Matt Davison', role: 'Roads Policing', email: oldAddress, personId: author.id });
    // The sponsor typed in is on the people list now.
    expect((await people.listPeople()).map((p) => p.email)).toContain(sponsor.email);

    // A week before the papers are due: the old address.
    let before = new Set((await emails()).map((m) => m.messageId));
    await sweep('2021-11-08T08:00:00Z');
    expect(await mailSince(oldAddress, before)).toEqual(['Reminder: your paper "Road Safety" is due in a week, on Monday 15 November 2021']);

    await people.updatePerson(author.id, { version: 1, email: newAddress }, at('2021-11-09T10:00:00Z'));

    // The next working day before they are due: the new address, and nothing to the old one.
    before = new Set((await emails()).map((m) => m.messageId));
    const result = await sweep('2021-11-12T08:00:00Z');
    expect(result.sent).toBe(1);
    expect(await mailSince(newAddress, before)).toEqual(['Reminder: your paper "Road Safety" is due by the end of Monday 15 November 2021']);
    expect(await mailSince(oldAddress, before)).toEqual([]);
    // The same moment again sends nothing more (exactly once, whatever the address).
    before = new Set((await emails()).map((m) => m.messageId));
    await sweep('2021-11-12T08:00:00Z');
    expect(await mailSince(newAddress, before)).toEqual([]);

    // The request still records the author as the request was made.
    const tracked = await planning.tracking(meeting!.id, at('2021-11-12T09:00:00Z'));
    expect(tracked.requests[0]!.author.email).toBe(oldAddress);
  });
});
