/**
 * Personal data removal: the scheduled `purge-personal-data` job, run in this process as the
 * scheduler would (with its clock in the event) and once through `npm run job`, against the test
 * stack's DynamoDB Local. The names and emails go; the question, district and answer stay.
 *
 * The job removes every contact whose retention ended before its clock, so these meetings are in
 * 2012 and 2013, before any other test's: running it "in 2014" touches only this file's data.
 */
import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { resetConfig } from '../../../shared/config.js';
import { dynamo } from '../../../shared/aws/clients.js';
import { keys } from '../../../shared/store/keys.js';
import { addDays } from '../../../shared/domain/time.js';
import { page } from '../../support/http.js';
import { text } from '../../support/html.js';
import { answer, ask, openMeeting, question, review } from './helpers.js';

type Purge = (event: { now?: string }) => Promise<{ deleted: number; before: string }>;
let purge: Purge;

beforeAll(async () => {
  // The environment the local runtime gives functions (as infra/local/start.ts sets it).
  const e = inject('endpoints');
  Object.assign(process.env, { TABLE_NAME: e.table, DYNAMODB_ENDPOINT: e.dynamodb, SES_ENDPOINT: e.ses, POWERTOOLS_LOG_LEVEL: 'WARN' });
  resetConfig();
  ({ handler: purge } = (await import('../../../functions/purge-personal-data.js')) as { handler: Purge });
});

/** A random Tuesday in a year (weeks 2–40), so two runs of the suite never share one. */
function tuesdayIn(year: number): string {
  const firstTuesday = [...Array(7).keys()].map((d) => new Date(Date.UTC(year, 0, 1 + d))).find((d) => d.getUTCDay() === 2)!;
  return addDays(firstTuesday.toISOString().slice(0, 10), 7 * (2 + Math.floor(Math.random() * 38)));
}

const contactItem = async (meetingId: string, questionId: string) =>
  (await dynamo().send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: keys.questionContact(meetingId, questionId) }))).Item;

function runJob(at: string): Promise<{ code: number | null; out: string }> {
  const e = inject('endpoints');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/job.ts', 'purge-personal-data', '--at', at, ...['--app', e.app, '--dynamodb', e.dynamodb, '--ses', e.ses, '--s3', e.s3, '--table', e.table, '--bucket', e.bucket]], {
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('personal data removal', () => {
  it('deletes names and emails once their retention ends, keeping the question, district and answer', async () => {
    const early = await openMeeting({ date: tuesdayIn(2012) });
    const later = await openMeeting({ date: tuesdayIn(2013) });
    const answered = await ask(early, { name: 'Olive Older', publishName: true, district: 'Bradford' });
    const other = await ask(early);
    const kept = await ask(later, { name: 'Kit Kept' });
    await review(early.meeting.id, answered.question.id, { version: 1, outcome: 'accept' }, early.clock());
    const q = await question(early.meeting.id, answered.question.id);
    await answer(early.meeting.id, q.id, { version: q.version, mode: 'writing', text: 'The written answer stays.' }, `${early.date}T18:00:00Z`);

    // Kept for 12 months after the meeting (DynamoDB's TTL attribute as a backstop, in epoch seconds).
    const contact = await contactItem(early.meeting.id, answered.question.id);
    const start: string = early.meeting.start;
    expect(contact).toMatchObject({ name: 'Olive Older', expiresOn: `${Number(start.slice(0, 4)) + 1}${start.slice(4)}` });
    expect(contact!.expiresAt).toBe(Date.parse(contact!.expiresOn) / 1000);
    expect(contact!.gsi2pk).toBe('CONTACT_EXPIRY');

    // A day before the year is up: nothing goes.
    const dayBefore = new Date(Date.parse(contact!.expiresOn) - 86_400_000).toISOString();
    expect((await purge({ now: dayBefore })).deleted).toBe(0);
    expect(await contactItem(early.meeting.id, answered.question.id)).toBeDefined();

    // Just after: the early meeting's two contacts go, the later meeting's stays.
    const justAfter = new Date(Date.parse(contact!.expiresOn) + 60_000).toISOString();
    const result = await purge({ now: justAfter });
    expect(result).toEqual({ deleted: 2, before: justAfter });
    expect(await contactItem(early.meeting.id, answered.question.id)).toBeUndefined();
    expect(await contactItem(early.meeting.id, other.question.id)).toBeUndefined();
    expect(await contactItem(later.meeting.id, kept.question.id)).toBeDefined();

    // The question, district and answer stay; staff see the personal data has gone.
    const after = await question(early.meeting.id, answered.question.id);
    expect(after).toMatchObject({ text: answered.asker.question, district: 'Bradford', status: 'accepted', answer: { text: 'The written answer stays.' }, submitter: null });
    const publicPage = text((await page(`/meetings/${early.meeting.id}`, { now: justAfter })).html);
    expect(publicPage).toContain(answered.asker.question);
    expect(publicPage).toContain('Asked by a member of the public, Bradford');
    expect(publicPage).not.toContain('Olive Older');
    // Running again finds nothing more.
    expect((await purge({ now: justAfter })).deleted).toBe(0);

    // `npm run job -- purge-personal-data --at <London time>` does the same for the later meeting.
    const laterContact = await contactItem(later.meeting.id, kept.question.id);
    const at = addDays(laterContact!.expiresOn.slice(0, 10), 1);
    const run = await runJob(`${at}T03:15`);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain('"deleted": 1');
    expect(await contactItem(later.meeting.id, kept.question.id)).toBeUndefined();
    expect((await question(later.meeting.id, kept.question.id)).text).toBe(kept.asker.question);
  });
});
