/**
 * The outbox (issue 14 §1): every email is queued with the change that causes it and sent by the
 * outbox's sender. This process runs the use-cases and the sender (as the table stream, the local
 * poller and the every-minute schedule run it) against DynamoDB Local (a table of this file's own)
 * and the SES emulator, with the clock chosen by each call.
 *
 * What the real parts cannot do on demand is injected at the SDK client with `vi.spyOn(client,
 * 'send')`, and each test says what: SES refusing every send for ten minutes (as an outage does),
 * SES rejecting one address, and DynamoDB failing one write.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { emails, endpoints, uniqueEmail } from '../../support/http.js';
import { drainOutbox } from '../../support/outbox.js';
import { ensureTable } from '../../../infra/local/services.js';
import { useLocalEnv } from '../../../infra/local/env.js';

let planning: typeof import('../../../shared/app/planning.js');
let questions: typeof import('../../../shared/app/questions.js');
let outbox: typeof import('../../../shared/app/emails.js');
let clients: typeof import('../../../shared/aws/clients.js');
let reminders: typeof import('../../../shared/app/reminders.js');
let table: string;

const at = (iso: string) => new Date(iso);
const plus = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000).toISOString();
const person = (who: string) => ({ name: who, email: uniqueEmail(who.toLowerCase().replace(/\W+/g, '-')) });
const send = (iso: string) => outbox.sendDue(() => at(iso));

beforeAll(async () => {
  table = `outbox-${Date.now().toString(36)}`;
  await ensureTable(endpoints().dynamodb, table);
  useLocalEnv(endpoints(), { TABLE_NAME: table, OUTBOX_SEND_RATE_PER_SECOND: '1000', QUESTION_ACKS_PER_HOUR: '100000', QUESTION_RATE_LIMIT_PER_HOUR: '100000', POWERTOOLS_LOG_LEVEL: 'ERROR' });
  planning = await import('../../../shared/app/planning.js');
  questions = await import('../../../shared/app/questions.js');
  outbox = await import('../../../shared/app/emails.js');
  clients = await import('../../../shared/aws/clients.js');
  reminders = await import('../../../shared/app/reminders.js');
});

afterEach(() => {
  vi.restoreAllMocks();
});

// The tests share this file's table: each starts with nothing left in the outbox.
beforeEach(async () => {
  await outbox.sendDue(() => at('2099-01-01T00:00:00Z'));
});

/** Injected: SES answers every send with `error` while `failing()` holds (the emulator cannot fail on demand). */
async function sesFailsWhile(failing: () => boolean, error = () => Object.assign(new Error('Service Unavailable'), { name: 'ServiceUnavailableException' })) {
  const client = await clients.sesClient();
  const real = client.send.bind(client) as (c: unknown) => Promise<unknown>;
  return vi.spyOn(client, 'send').mockImplementation(((command: unknown) => (failing() ? Promise.reject(error()) : real(command))) as never);
}

/** A meeting with its topics, for a cycle. */
async function meeting(start: string, made: string, topics = 1) {
  const [m] = await planning.createMeetings([{ title: 'Community Outcomes Meeting', start, place: 'Wellington House, Wakefield' }], at(made));
  const ts = [];
  for (let i = 0; i < topics; i++) ts.push(await planning.createTopic({ title: `Topic ${i} ${Math.random().toString(36).slice(2, 6)}`, points: ['Update'], source: { kind: 'staff' } }, at(made)));
  return { meeting: m!, topics: ts };
}

async function ask(meetingId: string, who: { name: string; email: string }, now: string, i: number) {
  const out = await questions.submitQuestion({
    meetingId,
    form: { name: who.name, email: who.email, district: 'Leeds', question: `What is being done about speeding on road ${i}?`, publishName: false },
    idempotencyKey: `outbox-${who.email}`,
    sourceIp: `198.51.100.${(i % 250) + 1}`,
    baseUrl: 'https://example.org',
    now: at(now),
  });
  if (out.kind !== 'created') throw new Error(`Question not created: ${out.kind}`);
  return out.questionId;
}

const subjects = async (address: string) => (await emails(address)).map((m) => m.subject).sort();

describe('SES down for ten minutes in the middle of a cycle', () => {
  it('every email that should have gone goes exactly once after it recovers, and staff can see each one’s state', async () => {
    // The 7 December 2021 cycle: two papers requested, four public questions (two reviewed), the
    // engagement manager's and authors' reminders of Monday 8 November (a week before papers are due).
    const { meeting: m, topics } = await meeting('2021-12-07T14:00', '2021-09-20T09:00:00Z', 2);
    const authors = [person('Supt Davison'), person('DSupt Safeguarding')];
    const sponsors = [person('ACC Hankinson'), person('ACC Crime')];
    const askers = [person('Resident A'), person('Resident B'), person('Resident C'), person('Resident D')];
    const T = '2021-11-08T08:00:00Z';

    // Injected: from T for ten minutes every SES call fails, as in an outage (`clock` is the sender's time).
    let clock = '2021-01-01T00:00:00Z';
    const outageEnds = plus(T, 600);
    const ses = await sesFailsWhile(() => clock >= T && clock < outageEnds);

    // The changes happen during the outage; each is saved and its emails queued.
    const requests = [];
    for (const [i, topic] of topics.entries()) {
      requests.push(await planning.createRequest(m.id, { topicId: topic.id, author: authors[i]!, sponsor: sponsors[i]! }, 'https://example.org', at(plus(T, -3600 * 24 * 21))));
    }
    // (Requested three weeks earlier, while SES was up: sent then.)
    await drainOutbox(plus(T, -3600 * 24 * 21 + 1));
    for (const p of [...authors, ...sponsors]) expect(await subjects(p.email), p.email).toHaveLength(1);
    const ids = [];
    for (const [i, a] of askers.entries()) ids.push(await ask(m.id, a, plus(T, 60), i));
    for (const id of ids.slice(0, 2)) await questions.reviewQuestion(m.id, id, { outcome: 'accept', version: 1 }, 'manager@example.org', at(plus(T, 120)));
    const swept = await reminders.sweep(at(T), 'https://example.org');
    expect(swept.queued).toBeGreaterThanOrEqual(2);
    expect(requests.every((r) => r.emailSending)).toBe(true);

    // The sender runs every minute for twenty minutes (two senders at once, as the stream and the
    // schedule may), each claim at its own time: nothing goes while SES is down.
    for (let minute = 0; minute <= 20; minute++) {
      clock = plus(T, minute * 60 + 5);
      await Promise.all([send(clock), send(clock)]);
      if (minute === 9) {
        // Staff see the state of each while SES is down: not sent, being tried again, nothing failed.
        const queue = await questions.listQuestions(m.id);
        expect(queue.questions.filter((q) => q.emailSending)).toHaveLength(2);
        expect(await outbox.failedEmails()).toEqual([]);
        const log = (await reminders.meetingReminders(m.id, at(clock))).log;
        expect(log.length).toBe(swept.queued);
        expect(log.every((l) => l.status === 'retrying' && l.lastError?.includes('ServiceUnavailable'))).toBe(true);
      }
    }
    expect(ses).toHaveBeenCalled();
    await drainOutbox(plus(T, 21 * 60));

    // After it recovers: each person has each email once.
    for (const a of askers) expect((await subjects(a.email)).filter((s) => s.startsWith('Your question for the')), a.email).toHaveLength(1);
    for (const a of askers.slice(0, 2)) expect(await subjects(a.email), a.email).toHaveLength(2);
    for (const a of authors) expect((await subjects(a.email)).filter((s) => s.startsWith('Reminder')), a.email).toHaveLength(1);
    const queue = await questions.listQuestions(m.id);
    expect(queue.questions.filter((q) => q.reviewEmailedAt)).toHaveLength(2);
    expect(queue.questions.some((q) => q.emailSending || q.emailError)).toBe(false);
    const log = (await reminders.meetingReminders(m.id, at(plus(T, 1300)))).log;
    expect(log.every((l) => l.status === 'sent' && l.attempts >= 2)).toBe(true);
    // Nothing was sent twice: the emulator holds exactly the emails expected.
    const everyone = [...askers, ...authors, ...sponsors].map((p) => p.email);
    const delivered = (await emails()).filter((e) => e.destination.to.some((t) => everyone.some((a) => t.includes(a))));
    const remindersToThem = log.filter((l) => everyone.includes(l.to.email)).length;
    expect(delivered.length).toBe(4 /* request emails */ + 4 /* acknowledgements */ + 2 /* review outcomes */ + remindersToThem);
  }, 120_000);
});

describe('failures staff see', () => {
  it('a rejected address is failed at once, listed on the staff home, and sent again once on request', async () => {
    const { meeting: m } = await meeting('2031-03-04T14:00', '2031-01-05T09:00:00Z');
    const asker = person('Resident Rejected');
    // Injected: SES rejects the address (the emulator accepts everything).
    let reject = true;
    await sesFailsWhile(() => reject, () => Object.assign(new Error('Address blacklisted.'), { name: 'MessageRejected' }));
    const id = await ask(m.id, asker, '2031-02-01T10:00:00Z', 1);
    expect(await send('2031-02-01T10:00:01Z')).toMatchObject({ failed: 1 });
    reject = false;
    const [failed] = await outbox.failedEmails();
    expect(failed).toMatchObject({ purpose: 'question-received', to: asker.email, status: 'failed', subjectId: id });
    expect(failed!.error).toContain('MessageRejected');
    // The submitter's page and the queue say so.
    const repeat = await questions.submitQuestion({
      meetingId: m.id,
      form: { name: asker.name, email: asker.email, district: 'Leeds', question: 'What is being done about speeding on road 1?', publishName: false },
      idempotencyKey: `outbox-${asker.email}`,
      sourceIp: '198.51.100.2',
      baseUrl: 'https://example.org',
      now: at('2031-02-01T10:05:00Z'),
    });
    expect(repeat).toMatchObject({ kind: 'repeated', acknowledgement: 'failed' });
    expect((await questions.listQuestions(m.id)).questions[0]!.emailError).toContain('acknowledgement could not be sent');

    // Send again: queued once; a second click finds it no longer failed.
    expect(await outbox.resendEmail(failed!.ref, at('2031-02-01T11:00:00Z'))).toBe(true);
    expect(await outbox.resendEmail(failed!.ref, at('2031-02-01T11:00:01Z'))).toBe(false);
    expect(await send('2031-02-01T11:00:02Z')).toMatchObject({ sent: 1 });
    expect(await subjects(asker.email)).toHaveLength(1);
    expect(await outbox.failedEmails()).toEqual([]);
    await expect(outbox.resendEmail('bm90LWFuLWVtYWlsLWtleQ', at('2031-02-01T11:00:03Z'))).rejects.toMatchObject({ status: 400 });
  });

  it('an address that bounced is not sent to: the email says so, and a new address is sent to', async () => {
    const { meeting: m } = await meeting('2031-06-03T14:00', '2031-04-05T09:00:00Z');
    const bounced = person('Resident Bounced');
    const { suppressionStore } = await import('../../../shared/store/suppressions.js');
    await suppressionStore.record({ email: bounced.email.toLowerCase(), reason: 'bounce', detail: 'Permanent/General', at: '2031-05-01T09:00:00.000Z' });
    await ask(m.id, bounced, '2031-05-10T10:00:00Z', 1);
    expect(await send('2031-05-10T10:00:01Z')).toMatchObject({ suppressed: 1, sent: 0 });
    const [listed] = await outbox.failedEmails();
    expect(listed).toMatchObject({ status: 'suppressed', error: 'Not sent: the address bounced' });
    expect(listed!.ref, 'a suppressed email is not sent again until the address changes').toBeDefined();
    expect(await outbox.resendEmail(listed!.ref, at('2031-05-10T11:00:00Z'))).toBe(false);
    expect(await emails(bounced.email)).toHaveLength(0);
    const other = person('Resident Elsewhere');
    await ask(m.id, { name: bounced.name, email: other.email }, '2031-05-10T10:00:00Z', 2);
    expect(await send('2031-05-10T10:00:02Z')).toMatchObject({ sent: 1 });
  });
});

describe('the sender', () => {
  it('fed by the table stream: sends a pending email; a write that fails is reported for the stream to try again', async () => {
    const { meeting: m, topics } = await meeting('2031-09-02T14:00', '2031-07-01T09:00:00Z');
    const made = await planning.createRequest(m.id, { topicId: topics[0]!.id, author: person('Author Stream'), sponsor: person('Sponsor Stream') }, 'https://example.org', at('2031-07-01T10:00:00Z'));
    const keyOf = (purpose: string) => ({ pk: `MEETING#${m.id}`, sk: `OUTBOX#${made.id}#${purpose}#${made.linkIssuedAt}#${String(made.version).padStart(8, '0')}` });
    const image = async (purpose: string) => (await clients.dynamo().send(new GetCommand({ TableName: table, Key: keyOf(purpose) }))).Item!;
    const record = (item: Record<string, unknown>, seq: string) => ({
      eventName: 'INSERT' as const,
      dynamodb: { SequenceNumber: seq, Keys: marshall({ pk: item.pk, sk: item.sk }) as never, NewImage: marshall(item, { removeUndefinedValues: true }) as never },
    });
    const event = (records: ReturnType<typeof record>[]) => ({ Records: records }) as unknown as DynamoDBStreamEvent;
    const { handler } = await import('../../../functions/send-outbox.js');
    const author = await image('request-author');
    const sponsor = await image('request-sponsor');

    // Injected: DynamoDB fails the claim of the sponsor's email (an UpdateItem) once.
    const client = clients.dynamo();
    const real = client.send.bind(client) as (c: unknown) => Promise<unknown>;
    let failed = false;
    vi.spyOn(client, 'send').mockImplementation(((command: unknown) => {
      if (!failed && command instanceof UpdateCommand && String(command.input.Key?.sk).includes('request-sponsor')) {
        failed = true;
        return Promise.reject(Object.assign(new Error('Internal server error'), { name: 'InternalServerError' }));
      }
      return real(command);
    }) as never);
    // A meeting item in the batch is not an email: passed over.
    const meetingItem = (await clients.dynamo().send(new GetCommand({ TableName: table, Key: { pk: `MEETING#${m.id}`, sk: 'MEETING' } }))).Item!;
    const out = await handler(event([record(author, '100'), record(meetingItem, '101'), record(sponsor, '102')]));
    expect(out).toEqual({ batchItemFailures: [{ itemIdentifier: '102' }] });
    vi.restoreAllMocks();
    // The stream tries the failed record again: sent; the author's, already sent, is not sent again.
    expect(await handler(event([record(author, '100'), record(sponsor, '102')]))).toEqual({ batchItemFailures: [] });
    expect((await planning.getMeetingView(m.id, at('2031-07-01T10:01:00Z'))).requests[0]).toMatchObject({ emailedAt: expect.any(String) });
    expect((await emails()).filter((e) => e.subject.includes(made.title))).toHaveLength(2);
  });

  it('a sender that dies mid-send leaves the email to be taken over once its lease lapses, never before', async () => {
    const { meeting: m } = await meeting('2031-12-02T14:00', '2031-10-01T09:00:00Z');
    const asker = person('Resident Lease');
    await ask(m.id, asker, '2031-11-01T10:00:00Z', 1);
    const { emailStore } = await import('../../../shared/store/emails.js');
    const [key] = await emailStore.due(at('2031-11-01T10:00:01Z'), 10);
    // A sender claims it and dies (never sends, never settles).
    expect(await emailStore.claim(key!, at('2031-11-01T10:00:01Z'), outbox.EMAIL_LEASE_MS)).toBeDefined();
    expect(await send('2031-11-01T10:00:31Z')).toMatchObject({ sent: 0 });
    expect(await send('2031-11-01T10:01:02Z')).toMatchObject({ sent: 1 });
    expect(await emails(asker.email)).toHaveLength(1);
  });
});

describe('a catch-up sweep of 1,000 reminders', () => {
  it('queues each once and the outbox sends each once: no duplicate, no loss', async () => {
    // Five meetings on Thursday 4 March 2032, 200 accepted questions each. The note to askers is due
    // Tuesday 2 March at 08:00; the sweeps of that day were missed, so Wednesday's catches up.
    const { questionStore } = await import('../../../shared/store/questions.js');
    const qd = await import('../../../shared/domain/questions.js');
    const askers: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { meeting: m } = await meeting('2032-03-04T14:00', '2032-01-04T09:00:00Z');
      // Written through the store (not the form) to keep the set-up quick: accepted questions with
      // contacts, 20 at a time (more at once can outrun DynamoDB Local on a busy machine).
      for (let from = 0; from < 200; from += 20) {
        const outcomes = await Promise.all(
          Array.from({ length: 20 }, async (_, k) => {
            const n = from + k;
            const email = uniqueEmail(`asker-${i}-${n}`);
            askers.push(email);
            const made = qd.newQuestion({ meeting: m, form: { name: `Resident ${n}`, email, district: 'Leeds', question: `Question ${n}?`, publishName: false }, number: n + 1, referencePrefix: 'COM', retentionMonths: 12, now: at('2032-02-01T10:00:00Z') });
            const question = { ...made.question, status: 'accepted' as const, review: { outcome: 'accept' as const, at: '2032-02-02T10:00:00.000Z', by: 'manager@example.org' } };
            return questionStore.createQuestion({ question, contact: made.contact, submissionHash: `bulk-${i}-${n}`, submission: { questionId: question.id, reference: question.reference, meetingId: m.id, emailLimitedAt: 'bulk', expiresAt: 0 } });
          }),
        );
        expect(outcomes.every((o) => o === 'created')).toBe(true);
      }
    }
    const [first, second] = await Promise.all([reminders.sweep(at('2032-03-03T08:00:00Z'), 'https://example.org'), reminders.sweep(at('2032-03-03T08:00:00Z'), 'https://example.org')]);
    const toAskers = 1000;
    expect(first.queued + second.queued).toBeGreaterThanOrEqual(toAskers);
    const [a, b] = await Promise.all([send('2032-03-03T08:00:05Z'), send('2032-03-03T08:00:05Z')]);
    expect(a.sent + b.sent).toBe(first.queued + second.queued);
    expect((await reminders.sweep(at('2032-03-03T09:00:00Z'), 'https://example.org')).queued).toBe(0);
    const wanted = new Set(askers.map((e) => e.toLowerCase()));
    const got = (await emails()).filter((e) => e.subject.startsWith('Your question') && e.destination.to.some((t) => wanted.has(t.replace(/^.*</, '').replace(/>$/, '').toLowerCase())));
    expect(got).toHaveLength(toAskers);
    expect(new Set(got.map((e) => e.destination.to[0])).size).toBe(toAskers);
  }, 240_000);
});
