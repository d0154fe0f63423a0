/**
 * The reminder sweep reads only what can be due (issue 15 §8), against DynamoDB Local, in a table of
 * this file's own (so only these meetings are in the sweep's index): an idle run is one Query whatever
 * the meetings and questions ahead; a question accepted late, or a reminder switched back on, is still
 * reminded; a sweep short of time stops cleanly and the next run finishes with no duplicate.
 * DynamoDB calls are counted with shared/aws/call-counter.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { endpoints, uniqueEmail } from '../../support/http.js';
import { ensureTable } from '../../../infra/local/services.js';
import { useLocalEnv } from '../../../infra/local/env.js';

let planning: typeof import('../../../shared/app/planning.js');
let reminders: typeof import('../../../shared/app/reminders.js');
let clients: typeof import('../../../shared/aws/clients.js');
let counter: typeof import('../../../shared/aws/call-counter.js');
let questionStore: typeof import('../../../shared/store/questions.js')['questionStore'];
let qd: typeof import('../../../shared/domain/questions.js');
/** The due dates of the papers requested by `meetings` below. */
const dueDates = new Set<string>();

const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  const table = `sweep-index-${Date.now().toString(36)}`;
  await ensureTable(endpoints().dynamodb, table);
  useLocalEnv(endpoints(), { TABLE_NAME: table, POWERTOOLS_LOG_LEVEL: 'ERROR' });
  planning = await import('../../../shared/app/planning.js');
  reminders = await import('../../../shared/app/reminders.js');
  clients = await import('../../../shared/aws/clients.js');
  counter = await import('../../../shared/aws/call-counter.js');
  questionStore = (await import('../../../shared/store/questions.js')).questionStore;
  qd = await import('../../../shared/domain/questions.js');
});

/** Meetings on one day (an hour apart) with `requests` papers requested each, made at `made`. */
async function meetings(day: string, count: number, requests: number, made: string) {
  const ms: Awaited<ReturnType<typeof planning.createMeetings>> = [];
  // Five at a time: one transaction holds a few meetings with their standing agendas.
  for (let from = 0; from < count; from += 5) {
    const some = Array.from({ length: Math.min(5, count - from) }, (_, k) => from + k);
    ms.push(...(await planning.createMeetings(some.map((i) => ({ title: 'Community Outcomes Meeting', start: `${day}T${String(9 + (i % 9)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`, place: 'Online' })), at(made))));
  }
  for (const m of ms) {
    for (let r = 0; r < requests; r++) {
      const t = await planning.createTopic({ title: `Topic ${r} ${Math.random().toString(36).slice(2, 6)}`, points: [], source: { kind: 'staff' } }, at(made));
      dueDates.add((await planning.createRequest(m.id, { topicId: t.id, author: { name: 'Author', email: uniqueEmail('a') }, sponsor: { name: 'Sponsor', email: uniqueEmail('s') } }, 'https://example.org', at(made))).dueDate);
    }
  }
  return ms;
}

/** `count` accepted questions with their askers' contacts, written through the store (the form is not what is tested). */
async function acceptedQuestions(meeting: Awaited<ReturnType<typeof meetings>>[number], count: number, asked: string, from = 0) {
  for (let n = from; n < from + count; n += 20) {
    await Promise.all(
      Array.from({ length: Math.min(20, from + count - n) }, async (_, k) => {
        const i = n + k;
        const made = qd.newQuestion({ meeting, form: { name: `Resident ${i}`, email: uniqueEmail(`asker-${i}`), district: 'Leeds', question: `Question ${i}?`, publishName: false }, number: i + 1, referencePrefix: 'COM', retentionMonths: 12, now: at(asked) });
        const question = { ...made.question, status: 'accepted' as const, review: { outcome: 'accept' as const, at: asked, by: 'manager@example.org' } };
        const out = await questionStore.createQuestion({ question, contact: made.contact, submissionHash: `idx-${meeting.id}-${i}`, submission: { questionId: question.id, reference: question.reference, meetingId: meeting.id, emailLimitedAt: 'bulk', expiresAt: 0 } });
        expect(out).toBe('created');
      }),
    );
  }
}

/** A sweep at `iso`, counting its DynamoDB calls. */
async function counted(iso: string, options: Parameters<typeof reminders.sweep>[2] = {}) {
  const c = counter.countDynamoCalls(clients.dynamo());
  try {
    const result = await reminders.sweep(at(iso), 'https://example.org', options);
    return { result, calls: c.calls, commands: [...c.commands] };
  } finally {
    c.stop();
  }
}

describe('the reminder sweep reads only what can be due', () => {
  it('an idle run is one Query, with 5 meetings ahead or 40, one of them with 300 accepted questions', async () => {
    // Meetings on Tuesday 5 March 2030 with 2 papers each.
    const first = await meetings('2030-03-05', 5, 2, '2029-12-01T09:00:00Z');
    await acceptedQuestions(first[0]!, 300, '2029-12-02T10:00:00.000Z');
    // The first run looks at everything written (and fills the index); then nothing is due on 10 December.
    const settle = await counted('2029-12-10T09:00:00Z');
    expect(settle.result).toMatchObject({ queued: 0, stopped: false });
    const idleFew = await counted('2029-12-10T10:00:00Z');
    expect(idleFew.result).toMatchObject({ meetings: 0, due: 0, queued: 0 });
    expect(idleFew.commands).toEqual(['QueryCommand']);

    await meetings('2030-03-05', 35, 2, '2029-12-10T11:00:00Z');
    await counted('2029-12-10T12:00:00Z');
    const idleMany = await counted('2029-12-10T13:00:00Z');
    expect(idleMany.commands).toEqual(['QueryCommand']);

    // When the week-before reminders fall due, the sweep does them (80 papers: 80 authors), and is idle again after.
    // The papers' due date: the week-before reminders fall due at 08:00 (GMT) a week before.
    const { addDays } = await import('../../../shared/domain/time.js');
    expect([...dueDates]).toHaveLength(1);
    const weekBefore = `${addDays([...dueDates][0]!, -7)}T08:00:00Z`;
    const week = await counted(weekBefore);
    expect(week.result).toMatchObject({ meetings: 40, queued: 80, stopped: false });
    expect((await counted(weekBefore.replace('T08', 'T09'))).commands).toEqual(['QueryCommand']);
    // The questions were not read for it (their notes are not due): 40 meetings x 5 reads, plus the index and the writes.
    expect(week.commands.filter((c) => c === 'QueryCommand' || c === 'GetCommand').length).toBeLessThanOrEqual(1 + 40 * 4);
  }, 120_000);

  it('a question accepted after its note fell due is reminded at the next run, once', async () => {
    // Meeting Thursday 6 June 2030; the note to askers is due Tuesday 4 June at 08:00 (07:00Z, BST).
    const [m] = await meetings('2030-06-06', 1, 0, '2030-04-01T09:00:00Z');
    await acceptedQuestions(m!, 3, '2030-05-01T10:00:00.000Z');
    await counted('2030-05-01T11:00:00Z');
    // The three notes, and the digest three working days before (Monday 3 June) still in its window.
    expect((await counted('2030-06-04T07:00:00Z')).result.queued).toBe(3 + 1);
    // Accepted on the 5th: in the index at once.
    await acceptedQuestions(m!, 1, '2030-06-05T10:00:00.000Z', 3);
    expect((await counted('2030-06-05T11:00:00Z')).result).toMatchObject({ queued: 1 });
    expect((await counted('2030-06-05T12:00:00Z')).commands).toEqual(['QueryCommand']);
  }, 60_000);

  it('a reminder switched off, then back on while it is still due, goes at the next run', async () => {
    const [m] = await meetings('2030-09-10', 1, 0, '2030-07-01T09:00:00Z');
    await acceptedQuestions(m!, 2, '2030-07-02T10:00:00.000Z');
    await reminders.setReminderSwitches(m!.id, { switches: [{ kind: 'question-meeting', off: true }] }, 'em', at('2030-07-03T09:00:00Z'));
    // Sunday 8 September is two days before: the notes are due from 08:00 BST, but switched off (the
    // digest of Thursday 5 September, three working days before, is still in its window: it goes).
    expect((await counted('2030-09-08T07:00:00Z')).result).toMatchObject({ queued: 1, skipped: 2 });
    expect((await counted('2030-09-08T08:00:00Z')).commands).toEqual(['QueryCommand']);
    await reminders.setReminderSwitches(m!.id, { switches: [{ kind: 'question-meeting', off: false }] }, 'em', at('2030-09-08T08:30:00Z'));
    expect((await counted('2030-09-08T09:00:00Z')).result).toMatchObject({ queued: 2 });
  }, 60_000);

  it('a sweep short of time stops cleanly, says what it left, and the next run finishes it with no duplicate', async () => {
    // Three meetings on Thursday 5 December 2030 with 40 accepted questions each: 120 notes due Tuesday 3 December 08:00.
    const ms = await meetings('2030-12-05', 3, 0, '2030-10-01T09:00:00Z');
    for (const m of ms) await acceptedQuestions(m, 40, '2030-10-02T10:00:00.000Z');
    await counted('2030-10-02T11:00:00Z');
    // The Lambda context's clock is faked (its remaining time cannot be made short on demand): plenty for
    // its first 30 looks, then less than the margin.
    let looks = 0;
    const timeLeft = () => (++looks <= 30 ? 200_000 : 10_000);
    const { handler } = await import('../../../functions/send-reminders.js');
    const first = (await handler({ now: '2030-12-03T08:00:00Z' }, { getRemainingTimeInMillis: timeLeft })) as import('../../../shared/app/reminders.js').SweepResult;
    expect(first.stopped).toBe(true);
    expect(first.queued).toBeGreaterThan(0);
    expect(first.queued).toBeLessThan(123);
    expect(first.left + first.meetingsLeft).toBeGreaterThan(0);
    // Each meeting's digest three working days before (Monday 2 December) is due too: 123 in all.
    const logged = async () => (await Promise.all(ms.map((m) => reminders.meetingReminders(m.id, at('2030-12-03T09:00:00Z'))))).flatMap((r) => r.log);
    expect(await logged()).toHaveLength(first.queued);

    const second = (await handler({ now: '2030-12-03T09:00:00Z' }, { getRemainingTimeInMillis: () => 200_000 })) as typeof first;
    expect(second.stopped).toBe(false);
    expect(first.queued + second.queued).toBe(123);
    const log = await logged();
    expect(log).toHaveLength(123);
    const notes = log.filter((l) => l.kind === 'question-meeting');
    expect(notes).toHaveLength(120);
    expect(new Set(notes.map((l) => l.to.email)).size).toBe(120);
    expect((await counted('2030-12-03T10:00:00Z')).result.queued).toBe(0);
  }, 120_000);
});
