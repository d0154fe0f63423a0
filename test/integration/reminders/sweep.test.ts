/**
 * Reminder sweeps at fixed moments across the 7 December 2021 cycle, asserting exactly which emails
 * reach the SES emulator at each moment. The sweep queues them in the outbox and the outbox's sender
 * sends them at the same moment; both run in this process, as the scheduler and the table stream
 * run their functions, against DynamoDB Local and the SES emulator. This file has a table of its own on the
 * same DynamoDB Local, so the sweep sees only this cycle (other files make 2021 meetings too).
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { endpoints, emails, uniqueEmail, type SentEmail } from '../../support/http.js';
import { ensureTable } from '../../../infra/local/services.js';
import { useLocalEnv } from '../../../infra/local/env.js';
import type { SweepResult } from '../../../shared/app/reminders.js';
import type { SweepTally } from '../../../shared/app/emails.js';

const em = uniqueEmail('em');
const author = { name: 'Chief Inspector, Roads Policing', email: uniqueEmail('author') };
const sponsor = { name: 'ACC, Operational Support', email: uniqueEmail('sponsor') };
const author2 = { name: 'Detective Superintendent, Safeguarding', email: uniqueEmail('author2') };
const sponsor2 = { name: 'ACC, Crime', email: uniqueEmail('sponsor2') };
const asker = { name: 'A Resident', email: uniqueEmail('asker') };
const everyone = [em, author.email, sponsor.email, author2.email, sponsor2.email, asker.email];

/** The reminder sweep at a moment, then the outbox's sender at the same moment: what each did. */
let sweep: (at: string) => Promise<SweepResult & SweepTally>;
let app: typeof import('../../../shared/app/planning.js');
let outbox: typeof import('../../../shared/app/emails.js');
let meetingId: string;
let roadsId: string;

const at = (iso: string) => new Date(iso);

/** Mail to `people` that is not in `before`, as "subject → recipient" lines. */
async function newMail(before: Set<string>, people = everyone) {
  return (await emails())
    .filter((e) => !before.has(e.messageId))
    .map((e: SentEmail) => ({ e, to: people.find((a) => e.destination.to.some((t) => t.includes(a))) }))
    .filter(({ to }) => to !== undefined)
    .map(({ e, to }) => `${e.subject} → ${to}`)
    .sort();
}

/** Run one sweep at a moment and return the mail it sent to `people`. */
async function sweepAt(iso: string, people = everyone) {
  const before = new Set((await emails()).map((e) => e.messageId));
  const result = await sweep(iso);
  return { result, mail: await newMail(before, people) };
}

/** A meeting with one paper requested, on dates of its own, for the tests below. */
async function cycle(start: string, requestedAt: string) {
  const people = { author: { name: 'Author', email: uniqueEmail('a') }, sponsor: { name: 'Sponsor', email: uniqueEmail('s') } };
  const [m] = await app.createMeetings([{ title: 'Community Outcomes Meeting', start, place: 'Online' }], at(requestedAt));
  const t = await app.createTopic({ title: `Topic ${Math.random().toString(36).slice(2, 6)}`, points: [], source: { kind: 'staff' } }, at(requestedAt));
  const r = await app.createRequest(m!.id, { topicId: t.id, ...people }, endpoints().app, at(requestedAt));
  await outbox.sendDue(() => at(requestedAt)); // the request emails go now, not with a sweep below
  return { meetingId: m!.id, request: r, ...people, emails: [people.author.email, people.sponsor.email] };
}

beforeAll(async () => {
  const e = endpoints();
  const table = `reminders-${Date.now().toString(36)}`;
  await ensureTable(e.dynamodb, table);
  useLocalEnv(e, { TABLE_NAME: table, ENGAGEMENT_MANAGER_EMAIL: em, OUTBOX_SEND_RATE_PER_SECOND: '200', POWERTOOLS_LOG_LEVEL: 'ERROR' });
  app = await import('../../../shared/app/planning.js');
  const { handler } = await import('../../../functions/send-reminders.js');
  outbox = await import('../../../shared/app/emails.js');
  sweep = async (iso) => ({ ...(await handler({ now: iso })), ...(await outbox.sendDue(() => new Date(iso))) });
  const questions = await import('../../../shared/app/questions.js');

  // The cycle: the meeting (scheduled in September), two papers requested on 18 October.
  const [meeting] = await app.createMeetings([{ title: 'Community Outcomes Meeting', start: '2021-12-07T14:00', place: 'Wellington House, Wakefield', livestreamUrl: 'https://example.org/live' }], at('2021-09-20T09:00:00Z'));
  meetingId = meeting!.id;
  const roads = await app.createTopic({ title: 'Road Safety', points: ['Update on Vision Zero'], source: { kind: 'staff' } }, at('2021-09-20T09:00:00Z'));
  const safeguarding = await app.createTopic({ title: 'Safeguarding', points: ['Missing people'], source: { kind: 'staff' } }, at('2021-09-20T09:00:00Z'));
  roadsId = (await app.createRequest(meetingId, { topicId: roads.id, author, sponsor }, e.app, at('2021-10-18T09:00:00Z'))).id;
  await app.createRequest(meetingId, { topicId: safeguarding.id, author: author2, sponsor: sponsor2 }, e.app, at('2021-10-18T09:00:00Z'));

  // A question asked on 20 November and accepted.
  const asked = await questions.submitQuestion({
    meetingId,
    form: { name: asker.name, email: asker.email, district: 'Leeds', question: 'How is Op Snap footage used?', publishName: false },
    idempotencyKey: `reminders-${Date.now().toString(36)}-key`,
    sourceIp: '192.0.2.10',
    baseUrl: e.app,
    now: at('2021-11-20T10:00:00Z'),
  });
  if (asked.kind !== 'created') throw new Error(`question not created: ${asked.kind}`);
  await questions.reviewQuestion(meetingId, asked.questionId, { version: 1, outcome: 'accept' }, 'em', at('2021-11-22T10:00:00Z'));
  // The set-up's own emails (the requests, the acknowledgement, the outcome) go now, not with a sweep below.
  await outbox.sendDue(() => at('2021-11-22T10:00:01Z'));
}, 60_000);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('reminders across the 7 December 2021 cycle', () => {
  it('sends exactly the expected emails at each moment, once each', async () => {
    // Before anything is due.
    expect((await sweepAt('2021-11-05T09:00:00Z')).mail).toEqual([]);

    // Mon 8 Nov 08:00: a week before the papers are due: each author, copying the sponsor.
    const week = await sweepAt('2021-11-08T08:00:00Z');
    expect(week.mail).toEqual([
      `Reminder: your paper "Road Safety" is due in a week, on Monday 15 November 2021 → ${author.email}`,
      `Reminder: your paper "Safeguarding" is due in a week, on Monday 15 November 2021 → ${author2.email}`,
    ].sort());
    const weekMail = (await emails(author.email)).find((m) => m.subject.startsWith('Reminder'))!;
    expect(weekMail.destination.cc.join()).toContain(sponsor.email);
    expect(weekMail.body.text).toContain('Update on Vision Zero');
    expect(weekMail.body.text).toContain('Tuesday 7 December 2021 at 2pm');
    expect(weekMail.body.text).toContain('Wellington House, Wakefield');
    expect(weekMail.body.html).toContain('Submit your paper');

    // The reminder's link works alongside the request email's link (a new secret, stored as a hash),
    // checked with the code the author page uses.
    const { openAuthorLink } = await import('../../../shared/app/author-link.js');
    const linkParts = (text: string) => /\/papers\/([0-9A-Z]{26})\/([A-Za-z0-9_-]+)/.exec(text)!.slice(1) as [string, string];
    const [rid, reminderKey] = linkParts(weekMail.body.text!);
    const [, originalKey] = linkParts((await emails(author.email)).find((m) => m.subject.startsWith('Paper requested'))!.body.text!);
    expect(reminderKey).not.toBe(originalKey);
    for (const key of [reminderKey, originalKey]) expect((await openAuthorLink(rid, key, at('2021-11-08T09:00:00Z'))).request.id).toBe(roadsId);

    // The same moment again, and the hour after: nothing new.
    expect((await sweepAt('2021-11-08T08:00:00Z')).mail).toEqual([]);
    expect((await sweepAt('2021-11-08T09:00:00Z')).mail).toEqual([]);

    // The Safeguarding paper comes in on 10 November (status submitted), so only Road Safety is chased.
    const { meetingStore, requestStore } = await import('../../../shared/store/store.js');
    const safeguarding = (await meetingStore.withRequests(meetingId))!.requests.find((r) => r.title === 'Safeguarding')!;
    await requestStore.save({ next: { ...safeguarding, status: 'submitted', submittedAt: '2021-11-10T12:00:00.000Z', version: safeguarding.version + 1 }, readVersion: safeguarding.version });

    // Fri 12 Nov 08:00: one working day before the due date.
    expect((await sweepAt('2021-11-12T08:00:00Z')).mail).toEqual([`Reminder: your paper "Road Safety" is due by the end of Monday 15 November 2021 → ${author.email}`]);

    // Tue 16 Nov 08:00: the working day after: overdue, to author, sponsor and engagement manager.
    expect((await sweepAt('2021-11-16T08:00:00Z')).mail).toEqual(
      [author.email, sponsor.email, em].map((to) => `Overdue: the paper "Road Safety" was due on Monday 15 November 2021 → ${to}`).sort(),
    );

    // Tue 23 Nov 08:00: ten working days before the meeting, the digest.
    const digest = await sweepAt('2021-11-23T08:00:00Z');
    expect(digest.mail).toEqual([`Community Outcomes Meeting on Tuesday 7 December 2021: 1 of 2 papers in, 1 missing → ${em}`]);
    const digestMail = (await emails(em)).find((m) => m.subject.includes('1 of 2 papers in'))!;
    expect(digestMail.body.text).toContain('Road Safety – due Monday 15 November 2021 (overdue)');
    expect(digestMail.body.text).toContain('Public questions waiting for review: 0');

    // Mon 29 Nov 08:00: publication date digest; Thu 2 Dec 08:00: three working days before.
    expect((await sweepAt('2021-11-29T08:00:00Z')).mail).toEqual([`Community Outcomes Meeting on Tuesday 7 December 2021: 1 of 2 papers in, 1 missing – agenda publication today → ${em}`]);
    expect((await sweepAt('2021-12-02T08:00:00Z')).mail).toEqual([`Community Outcomes Meeting on Tuesday 7 December 2021: 1 of 2 papers in, 1 missing → ${em}`]);

    // Two days before is Sunday 5 Dec; the Monday 08:00 sweep sends the note to the question's asker.
    const askerMail = await sweepAt('2021-12-06T08:00:00Z');
    expect(askerMail.mail).toHaveLength(1);
    expect(askerMail.mail[0]).toMatch(/^Your question COM-20211207-\d{3}: the Community Outcomes Meeting is on Tuesday 7 December 2021 at 2pm → /);
    expect((await emails(asker.email)).find((m) => m.subject.startsWith('Your question'))!.body.text).toContain('https://example.org/live');

    // After the meeting: nothing.
    expect((await sweepAt('2021-12-07T15:00:00Z')).mail).toEqual([]);

    // Staff see every reminder sent.
    const view = await app.getMeetingView(meetingId, at('2021-12-07T15:00:00Z'));
    const { meetingReminders } = await import('../../../shared/app/reminders.js');
    const reminders = await meetingReminders(view.meeting.id, at('2021-12-07T15:00:00Z'));
    expect(reminders.log.filter((l) => l.status === 'sent')).toHaveLength(2 + 1 + 3 + 3 + 1);
  });
});

describe('exactly once, failures and catch-up', () => {
  it('two sweeps running at once send each email once', async () => {
    // Meeting Tue 8 March 2022: papers due Mon 14 Feb; a week before is Mon 7 Feb.
    const c = await cycle('2022-03-08T14:00', '2022-01-10T09:00:00Z');
    const before = new Set((await emails()).map((e) => e.messageId));
    const results = await Promise.all([sweep('2022-02-07T08:00:00Z'), sweep('2022-02-07T08:00:00Z'), sweep('2022-02-07T08:00:00Z')]);
    expect(await newMail(before, c.emails)).toEqual([`Reminder: your paper "${c.request.title}" is due in a week, on Monday 14 February 2022 → ${c.author.email}`]);
    expect(results.reduce((n, r) => n + r.sent!, 0)).toBe(1);
  });

  it('a sweep whose SES calls fail sends them on the next run; a rejected address is recorded as failed', async () => {
    // Meeting Tue 13 September 2022 (BST): publication Mon 5 Sep; papers due ten working days before,
    // skipping the bank holiday on Mon 29 Aug: Fri 19 Aug. A week before: Fri 12 Aug, 08:00 BST (07:00Z).
    const c = await cycle('2022-09-13T14:00', '2022-07-01T09:00:00Z');
    expect(c.request.dueDate).toBe('2022-08-19');
    const { sesClient } = await import('../../../shared/aws/clients.js');
    // Injected fault: SES cannot be made to throttle on demand, so this one call is mocked.
    const throttled = vi.spyOn(await sesClient(), 'send').mockRejectedValue(Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'Throttling' }));
    const failing = await sweepAt('2022-08-12T07:00:00Z', c.emails);
    expect(failing.mail).toEqual([]);
    expect(failing.result.retrying).toBe(1);
    expect(throttled).toHaveBeenCalled();
    throttled.mockRestore();

    // Too early for the retry (30 s later): nothing. Five minutes later: sent, once.
    expect((await sweepAt('2022-08-12T07:00:10Z', c.emails)).mail).toEqual([]);
    const next = await sweepAt('2022-08-12T07:05:00Z', c.emails);
    expect(next.mail).toEqual([`Reminder: your paper "${c.request.title}" is due in a week, on Friday 19 August 2022 → ${c.author.email}`]);
    expect((await sweepAt('2022-08-12T09:00:00Z', c.emails)).mail).toEqual([]);

    // Thu 18 Aug, one working day before: SES rejects the address outright (injected): failed, never retried.
    vi.spyOn(await sesClient(), 'send').mockRejectedValue(Object.assign(new Error('Address blacklisted.'), { name: 'MessageRejected' }));
    expect((await sweepAt('2022-08-18T07:00:00Z', c.emails)).result.failed).toBe(1);
    vi.restoreAllMocks();
    expect((await sweepAt('2022-08-18T08:00:00Z', c.emails)).mail).toEqual([]);
    const { meetingReminders } = await import('../../../shared/app/reminders.js');
    const view = await meetingReminders(c.meetingId, at('2022-08-18T09:00:00Z'));
    expect(view.log.map((l) => [l.kind, l.status, l.attempts])).toEqual(
      expect.arrayContaining([
        ['paper-due-week', 'sent', 2],
        ['paper-due-day', 'failed', 1],
      ]),
    );
    expect(view.log.find((l) => l.status === 'failed')!.lastError).toContain('MessageRejected');
  });

  it('a missed sweep catches up without sending stale reminders, and honours switches', async () => {
    // Meeting Tue 10 January 2023, across Christmas (26, 27 Dec and 2 Jan are bank holidays).
    const c = await cycle('2023-01-10T14:00', '2022-11-01T09:00:00Z');
    const { switchReminders } = await import('../../../shared/app/reminders.js');
    await switchReminders(c.meetingId, { recipient: c.sponsor.email, off: true }, 'em', at('2022-11-01T10:00:00Z'));
    const due = c.request.dueDate;
    // The schedule was off until the day after the due date: no "due in a week" or "due tomorrow",
    // only the overdue notice — and not to the sponsor, who is switched off.
    const { nextWorkingDay } = await import('../../../shared/domain/deadlines.js');
    const day = nextWorkingDay(due);
    const caughtUp = await sweepAt(`${day}T12:00:00Z`, c.emails);
    expect(caughtUp.mail).toEqual([`Overdue: the paper "${c.request.title}" was due on ${(await import('../../../shared/domain/time.js')).formatLondonDate(due)} → ${c.author.email}`]);
  });
});

describe('the staff reminders page', () => {
  it('shows what was sent and lets staff switch a kind off, over HTTP', async () => {
    const { api, page, postForm, signIn } = await import('../../support/http.js');
    const m = (await api('POST', '/api/meetings', { start: '2021-12-07T14:00', place: 'Online' }, { now: '2021-10-01T09:00:00Z' })).body;
    const cookie = await signIn();
    const before = await page(`/staff/meetings/${m.id}/reminders`, { cookie, now: '2021-11-01T09:00:00Z' });
    expect(before.status).toBe(200);
    expect(before.html).toContain('Digest 10 working days before (engagement manager)');
    expect(before.html).toContain('No reminders have been sent for this meeting yet.');
    const csrf = /name="csrf" value="([^"]+)"/.exec(before.html)?.[1] ?? '';
    // The one form of checkboxes: every kind listed, all ticked but the 10-day digest.
    const { reminderKinds } = await import('../../../shared/domain/reminders.js');
    const form = { csrf, kindsListed: [...reminderKinds], kinds: reminderKinds.filter((k) => k !== 'digest-10-days') };
    const off = await postForm(`/staff/meetings/${m.id}/reminders`, form, { cookie, now: '2021-11-01T09:00:00Z' });
    expect(off.status).toBe(303);
    const list = await api('GET', `/api/meetings/${m.id}/reminders`, undefined, { now: '2021-11-01T09:00:00Z' });
    expect(list.body.kinds.find((k: { kind: string }) => k.kind === 'digest-10-days').off).toBe(true);
    expect(list.body.upcoming.find((u: { kind: string }) => u.kind === 'digest-10-days')).toMatchObject({ off: true, dueAt: '2021-11-23T08:00:00.000Z' });
  });
});
