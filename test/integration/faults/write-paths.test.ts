/**
 * The write paths under concurrency and faults. This process runs the use-cases, as the functions
 * do, against DynamoDB Local (a table of this file's own) and the SES emulator. What those cannot do
 * on demand is injected at the SDK client with `vi.spyOn(client, 'send')`, and each test says what:
 * holding two transactions until both are ready (so both read before either writes), a change made
 * by someone else while an email is being sent, SES throttling, keys left unprocessed, transaction
 * conflicts, and a write that fails part-way through a group's emails.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { emails, endpoints, uniqueEmail } from '../../support/http.js';
import { ensureTable } from '../../../infra/local/services.js';
import { useLocalEnv } from '../../../infra/local/env.js';

type Planning = typeof import('../../../shared/app/planning.js');
type Questions = typeof import('../../../shared/app/questions.js');
let planning: Planning;
let questions: Questions;
let clients: typeof import('../../../shared/aws/clients.js');
let stores: typeof import('../../../shared/store/store.js');
let outbox: typeof import('../../../shared/app/emails.js');

const at = (iso: string) => new Date(iso);
const person = (who: string) => ({ name: who, email: uniqueEmail(who.toLowerCase().replace(/\W+/g, '-')) });

beforeAll(async () => {
  const table = `faults-${Date.now().toString(36)}`;
  await ensureTable(endpoints().dynamodb, table);
  useLocalEnv(endpoints(), { TABLE_NAME: table, OUTBOX_SEND_RATE_PER_SECOND: '200', POWERTOOLS_LOG_LEVEL: 'ERROR' });
  planning = await import('../../../shared/app/planning.js');
  questions = await import('../../../shared/app/questions.js');
  clients = await import('../../../shared/aws/clients.js');
  stores = await import('../../../shared/store/store.js');
  outbox = await import('../../../shared/app/emails.js');
});

/** The outbox's sender, run here as the local poller or the stream would, with the clock at `iso`. */
const sendQueued = (iso: string) => outbox.sendDue(() => at(iso));

afterEach(() => {
  vi.restoreAllMocks();
});

// Each test starts with an empty outbox (the tests share this file's table): what earlier tests
// queued is sent now, so the counts and the injected faults below see only the test's own emails.
beforeEach(async () => {
  await outbox.sendDue(() => at('2099-01-01T00:00:00Z'));
});

/** A meeting on `start` (London time) with a topic, made at `made`. */
async function meetingWithTopic(start: string, made: string, title = `Road Safety ${Math.random().toString(36).slice(2, 6)}`) {
  const [meeting] = await planning.createMeetings([{ title: 'Community Outcomes Meeting', start, place: 'Wellington House, Wakefield' }], at(made));
  const topic = await planning.createTopic({ title, points: ['Update on Vision Zero'], source: { kind: 'staff' } }, at(made));
  return { meeting: meeting!, topic };
}

/** The real `send` of the DynamoDB client, for injected faults to fall through to. */
function spyDynamo(fault: (command: unknown, real: (c: unknown) => Promise<unknown>) => Promise<unknown> | undefined) {
  const client = clients.dynamo();
  const real = client.send.bind(client) as (c: unknown) => Promise<unknown>;
  return vi.spyOn(client, 'send').mockImplementation(((command: unknown) => fault(command, real) ?? real(command)) as never);
}

async function spySes(fault: (command: unknown, real: (c: unknown) => Promise<unknown>, call: number) => Promise<unknown> | undefined) {
  const client = await clients.sesClient();
  const real = client.send.bind(client) as (c: unknown) => Promise<unknown>;
  let calls = 0;
  return vi.spyOn(client, 'send').mockImplementation(((command: unknown) => fault(command, real, ++calls) ?? real(command)) as never);
}

const throttling = () => Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'Throttling' });

describe('report requests', () => {
  it('two requests for one topic sent at the same moment: one is saved, the other gets 409', async () => {
    const { meeting, topic } = await meetingWithTopic('2030-03-05T14:00', '2030-01-07T09:00:00Z');
    // The topic is on the agenda already, so the requests would otherwise write nothing in common.
    await planning.addAgendaTopic(meeting.id, topic.id, meeting.version, at('2030-01-07T09:00:00Z'));
    // Injected: each request's transaction is held until both are ready, so both have read the
    // meeting and the topic before either writes (the race, made certain).
    let waiting = 0;
    let release!: () => void;
    const bothReady = new Promise<void>((r) => (release = r));
    spyDynamo((command, real) => {
      if (!(command instanceof TransactWriteCommand)) return undefined;
      if (++waiting === 2) release();
      return Promise.race([bothReady, new Promise((r) => setTimeout(r, 5000))]).then(() => real(command));
    });
    const input = { topicId: topic.id, sponsor: person('ACC Hankinson'), author: person('Supt Davison') };
    const results = await Promise.allSettled([
      planning.createRequest(meeting.id, input, 'https://example.org', at('2030-01-08T09:00:00Z')),
      planning.createRequest(meeting.id, { ...input, author: person('Insp Khan') }, 'https://example.org', at('2030-01-08T09:00:00Z')),
    ]);
    vi.restoreAllMocks();
    expect(waiting).toBe(2);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason.status).toBe(409);
    const view = await planning.getMeetingView(meeting.id, at('2030-01-08T09:00:00Z'));
    expect(view.requests.filter((r) => r.topicId === topic.id)).toHaveLength(1);
    const saved = (await stores.topicStore.get(topic.id))!;
    expect(saved.requestId).toBe(view.requests[0]!.id);
  });

  it('a change made while the request emails go is kept, and the person who asked gets no error', async () => {
    const { meeting, topic } = await meetingWithTopic('2030-06-04T14:00', '2030-04-01T09:00:00Z');
    const now = at('2030-04-02T09:00:00Z');
    const author = person('Supt Davison');
    const made = await planning.createRequest(meeting.id, { topicId: topic.id, sponsor: person('ACC Hankinson'), author }, 'https://example.org', now);
    // Saved with its two emails queued: nothing has gone yet, and the answer says so.
    expect(made).toMatchObject({ emailSending: true });
    expect(made.emailedAt).toBeUndefined();
    // Injected: while the outbox sends the first email, another member of staff withdraws the request.
    let withdrawn = false;
    await spySes((command, real, call) => {
      if (call !== 1) return undefined;
      return (async () => {
        await planning.withdrawRequest(meeting.id, made.id, now);
        withdrawn = true;
        return real(command);
      })();
    });
    expect(await sendQueued('2030-04-02T09:00:01Z')).toMatchObject({ sent: 2, failed: 0 });
    vi.restoreAllMocks();
    expect(withdrawn).toBe(true);
    const stored = (await stores.requestStore.get(meeting.id, made.id))!;
    // Both changes: the withdrawal (one change, one version) and the records that both emails went.
    expect(stored).toMatchObject({ status: 'withdrawn', version: 2 });
    const view = await planning.getMeetingView(meeting.id, now);
    expect(view.requests.find((r) => r.id === made.id)).toMatchObject({ status: 'withdrawn', emailedAt: '2030-04-02T09:00:01.000Z' });
    expect(await emails(author.email)).toHaveLength(1);
  });

  it('sending a new link queues its emails without a second version; a refused one is shown as failed', async () => {
    const { meeting, topic } = await meetingWithTopic('2030-09-03T14:00', '2030-07-01T09:00:00Z');
    const made = await planning.createRequest(meeting.id, { topicId: topic.id, sponsor: person('ACC Hankinson'), author: person('Supt Davison') }, 'https://example.org', at('2030-07-01T09:00:00Z'));
    await sendQueued('2030-07-01T09:00:01Z');
    const again = await planning.resendRequest(meeting.id, made.id, 'https://example.org', at('2030-07-02T09:00:00Z'));
    // Injected: SES refuses the author's email of the new link (the emulator accepts everything).
    await spySes((_command, _real, call) => (call === 1 ? Promise.reject(Object.assign(new Error('Address blacklisted.'), { name: 'MessageRejected' })) : undefined));
    expect(await sendQueued('2030-07-02T09:00:01Z')).toMatchObject({ sent: 1, failed: 1 });
    vi.restoreAllMocks();
    expect(again.version).toBe(made.version + 1);
    const view = await planning.getMeetingView(meeting.id, at('2030-07-02T09:00:02Z'));
    expect(view.requests.find((r) => r.id === made.id)!.emailError).toContain('MessageRejected');
    expect((await stores.requestStore.get(meeting.id, made.id))!.version).toBe(made.version + 1);
  });
});

describe('reminders', () => {
  it('a throttled reminder is composed once: one new author link, one version, one email', async () => {
    // Meeting Tue 8 March 2022: papers due Mon 14 Feb; the week-before reminder is due Mon 7 Feb.
    const { meeting, topic } = await meetingWithTopic('2022-03-08T14:00', '2022-01-10T09:00:00Z');
    const author = person('Chief Inspector Roads');
    const made = await planning.createRequest(meeting.id, { topicId: topic.id, sponsor: person('ACC Operational Support'), author }, 'https://example.org', at('2022-01-10T09:00:00Z'));
    await sendQueued('2022-01-10T09:00:01Z');
    const { handler } = await import('../../../functions/send-reminders.js');
    expect(await handler({ now: '2022-02-07T08:00:00Z' })).toMatchObject({ queued: 1 });
    // Injected: SES throttles the first two sends (it cannot be made to throttle on demand). Each
    // throttled send waits for its retry time (30 s, then a minute) with the same email, never rebuilt.
    await spySes((_command, _real, call) => (call <= 2 ? Promise.reject(throttling()) : undefined));
    expect(await sendQueued('2022-02-07T08:00:01Z')).toMatchObject({ retrying: 1 });
    expect(await sendQueued('2022-02-07T08:00:11Z'), 'not due yet').toMatchObject({ retrying: 0, sent: 0 });
    expect(await sendQueued('2022-02-07T08:00:31Z')).toMatchObject({ retrying: 1 });
    expect(await sendQueued('2022-02-07T08:01:31Z')).toMatchObject({ sent: 1 });
    vi.restoreAllMocks();
    const stored = (await stores.requestStore.get(meeting.id, made.id))!;
    expect(stored.reminderLinkHashes).toHaveLength(1);
    expect(stored.version).toBe(made.version + 1);
    const mail = (await emails(author.email)).filter((e) => e.subject.startsWith('Reminder'));
    expect(mail).toHaveLength(1);
  });
});

/** A meeting in 2031 whose question window is open at `now`, with its public questions item. */
async function openMeetingWithQuestions(count: number, start: string, now: string) {
  const [meeting] = await planning.createMeetings([{ title: 'Community Outcomes Meeting', start, place: 'Online' }], at('2031-01-05T09:00:00Z'));
  const people = Array.from({ length: count }, (_, i) => person(`Resident ${i + 1}`));
  const made: string[] = [];
  for (const [i, p] of people.entries()) {
    const out = await questions.submitQuestion({
      meetingId: meeting!.id,
      form: { name: p.name, email: p.email, district: 'Leeds', question: `What is being done about speeding on road ${i + 1}?`, publishName: false },
      idempotencyKey: `key-${p.email}`,
      sourceIp: `203.0.113.${i + 1}`,
      baseUrl: 'https://example.org',
      now: at(now),
    });
    if (out.kind !== 'created') throw new Error(`Question not created: ${out.kind}`);
    made.push(out.questionId);
  }
  return { meetingId: meeting!.id, people, ids: made };
}
const current = async (meetingId: string, id: string) => (await questions.listQuestions(meetingId)).questions.find((q) => q.id === id)!;

describe('public questions', () => {
  it('a change made while the review email goes is kept, and the reviewer gets no error', async () => {
    const { meetingId, ids } = await openMeetingWithQuestions(1, '2031-03-04T14:00', '2031-02-10T10:00:00Z');
    const q = await current(meetingId, ids[0]!);
    const reviewed = await questions.reviewQuestion(meetingId, q.id, { outcome: 'accept', version: q.version }, 'manager@example.org', at('2031-02-11T10:00:00Z'));
    expect(reviewed.emailing).toBe(true);
    // Injected: while the outbox sends the outcome email, another member of staff answers the question.
    let answered = false;
    await spySes((command, real) => {
      if (answered) return undefined;
      return (async () => {
        const accepted = await current(meetingId, q.id);
        await questions.answerQuestion(meetingId, q.id, { version: accepted.version, mode: 'writing', text: 'The speed limit is being reviewed.' }, 'officer@example.org', at('2031-02-11T10:00:00Z'));
        answered = true;
        return real(command);
      })();
    });
    // The acknowledgement (queued with the question) goes first, the outcome during which the answer is given.
    await sendQueued('2031-02-11T10:00:01Z');
    vi.restoreAllMocks();
    expect(answered).toBe(true);
    const after = await current(meetingId, q.id);
    expect(after).toMatchObject({ status: 'accepted', version: q.version + 2 });
    expect(after.reviewEmailedAt).toBeDefined();
    expect(after.answer?.text).toBe('The speed limit is being reviewed.');
  });

  it('a group answer cut short part-way and sent again reaches each submitter once', async () => {
    const { meetingId, ids, people } = await openMeetingWithQuestions(3, '2031-06-03T14:00', '2031-05-12T10:00:00Z');
    const when = at('2031-05-20T10:00:00Z');
    const lead = await current(meetingId, ids[0]!);
    await questions.reviewQuestion(meetingId, lead.id, { outcome: 'accept', version: lead.version }, 'manager@example.org', when);
    for (const id of ids.slice(1)) {
      const q = await current(meetingId, id);
      await questions.reviewQuestion(meetingId, id, { outcome: 'group', leadId: lead.id, version: q.version }, 'manager@example.org', when);
    }
    await sendQueued('2031-05-20T10:00:01Z');
    // Injected: once the second answer email has been queued, the next write to the table fails (as
    // if the function were stopped there), so the call fails part-way.
    let queuedAnswers = 0;
    let failedOnce = false;
    spyDynamo((command) => {
      const write = command instanceof TransactWriteCommand || command instanceof UpdateCommand || command instanceof PutCommand;
      if (write && queuedAnswers >= 2 && !failedOnce) {
        failedOnce = true;
        return Promise.reject(Object.assign(new Error('Internal server error'), { name: 'InternalServerError' }));
      }
      if (write && JSON.stringify(command.input).includes('question-answer')) queuedAnswers++;
      return undefined;
    });
    const version = (await current(meetingId, lead.id)).version;
    const answer = { mode: 'writing' as const, text: 'Average speed cameras will be installed.' };
    await expect(questions.answerQuestion(meetingId, lead.id, { ...answer, version }, 'manager@example.org', at('2031-05-25T10:00:00Z'))).rejects.toThrow();
    expect(failedOnce).toBe(true);
    vi.restoreAllMocks();
    // The office sends it again half a minute later (a corrected answer, from a fresh read): only the
    // submitter whose email was never queued gets one queued now.
    const again = await current(meetingId, lead.id);
    const second = await questions.answerQuestion(meetingId, lead.id, { ...answer, text: `${answer.text} Corrected.`, version: again.version }, 'manager@example.org', at('2031-05-25T10:00:30Z'));
    expect(second.emailing).toBe(1);
    await sendQueued('2031-05-25T10:00:31Z');
    for (const p of people) {
      const answers = (await emails(p.email)).filter((e) => /answer/i.test(e.subject));
      expect(answers, p.email).toHaveLength(1);
    }
  });
});

describe('question reviews read only what they touch', () => {
  it('a review reads the question, its lead and the agenda, never the meeting’s questions partition', async () => {
    const { meetingId, ids } = await openMeetingWithQuestions(4, '2031-09-02T14:00', '2031-08-11T10:00:00Z');
    const when = at('2031-08-20T10:00:00Z');
    const lead = await current(meetingId, ids[0]!);
    await questions.reviewQuestion(meetingId, lead.id, { outcome: 'accept', version: lead.version }, 'manager@example.org', when);
    const member = await current(meetingId, ids[1]!);
    // Pass-through spy: every call is real, and recorded.
    const seen: unknown[] = [];
    spyDynamo((command) => (seen.push(command), undefined));
    await questions.reviewQuestion(meetingId, member.id, { outcome: 'group', leadId: lead.id, version: member.version }, 'manager@example.org', when);
    vi.restoreAllMocks();
    const queried = seen.filter((c) => c instanceof QueryCommand).map((c) => String((c as QueryCommand).input.ExpressionAttributeValues?.[':pk']));
    expect(queried.some((pk) => pk.startsWith('QUESTIONS#')), 'no Query of the questions partition').toBe(false);
    const keysRead = seen.filter((c) => c instanceof BatchGetCommand).flatMap((c) => Object.values((c as BatchGetCommand).input.RequestItems!).flatMap((r) => r.Keys ?? []));
    expect(keysRead.length).toBeLessThanOrEqual(4);
    expect((await current(meetingId, lead.id)).memberIds).toEqual([member.id]);
  });

  it('a lead rejected while a question joins it: one of the two is refused, never a group under a rejected lead', async () => {
    const { meetingId, ids } = await openMeetingWithQuestions(3, '2031-12-02T14:00', '2031-11-10T10:00:00Z');
    const when = at('2031-11-20T10:00:00Z');
    const review = async (id: string, input: Record<string, unknown>) =>
      questions.reviewQuestion(meetingId, id, { ...input, version: (await current(meetingId, id)).version } as never, 'manager@example.org', when);
    // A lead whose only member has left it again: a lead with no members, which may be rejected.
    await review(ids[0]!, { outcome: 'accept' });
    await review(ids[1]!, { outcome: 'group', leadId: ids[0]! });
    await review(ids[1]!, { outcome: 'accept' });
    const [accepted, joining] = [await current(meetingId, ids[0]!), await current(meetingId, ids[2]!)];
    expect([accepted.groupId, accepted.memberIds]).toEqual([accepted.id, []]);
    // Injected: both writes are held until both are ready, so each review decided on what it read.
    let waiting = 0;
    let release!: () => void;
    const bothReady = new Promise<void>((r) => (release = r));
    spyDynamo((command, real) => {
      if (!(command instanceof TransactWriteCommand || command instanceof PutCommand)) return undefined;
      if (++waiting === 2) release();
      return Promise.race([bothReady, new Promise((r) => setTimeout(r, 5000))]).then(() => real(command));
    });
    const results = await Promise.allSettled([
      questions.reviewQuestion(meetingId, accepted.id, { outcome: 'reject', reason: 'repeat', version: accepted.version }, 'manager@example.org', when),
      questions.reviewQuestion(meetingId, joining.id, { outcome: 'group', leadId: accepted.id, version: joining.version }, 'officer@example.org', when),
    ]);
    vi.restoreAllMocks();
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const after = await current(meetingId, accepted.id);
    const member = await current(meetingId, joining.id);
    if (after.status === 'rejected') expect(member.groupId).toBeUndefined();
    else expect([after.memberIds, member.groupId]).toEqual([[member.id], after.id]);
  });
});

describe('the store', () => {
  it('a throttled BatchGetItem is asked again until every key is read, never answered as missing', async () => {
    const { meeting } = await meetingWithTopic('2032-03-02T14:00', '2032-01-05T09:00:00Z');
    const { questionStore } = await import('../../../shared/store/questions.js');
    // Injected: DynamoDB leaves every key unprocessed six times running (throttling), then answers.
    let unprocessed = 0;
    spyDynamo((command) => {
      if (!(command instanceof BatchGetCommand) || unprocessed >= 6) return undefined;
      unprocessed++;
      const table = Object.keys(command.input.RequestItems!)[0]!;
      return Promise.resolve({ Responses: { [table]: [] }, UnprocessedKeys: { [table]: command.input.RequestItems![table] }, $metadata: {} });
    });
    const found = await questionStore.submissionContext(meeting.id, 'no-such-submission');
    expect(unprocessed).toBe(6);
    expect(found.meeting?.id).toBe(meeting.id);
    expect(found.submission).toBeUndefined();
  });

  it('a BatchGetItem that never reads every key throws instead of answering as if they did not exist', async () => {
    const { meeting } = await meetingWithTopic('2032-06-01T14:00', '2032-04-05T09:00:00Z');
    const { questionStore } = await import('../../../shared/store/questions.js');
    // Injected: DynamoDB leaves every key unprocessed, every time.
    spyDynamo((command) => {
      if (!(command instanceof BatchGetCommand)) return undefined;
      const table = Object.keys(command.input.RequestItems!)[0]!;
      return Promise.resolve({ Responses: { [table]: [] }, UnprocessedKeys: { [table]: command.input.RequestItems![table] }, $metadata: {} });
    });
    await expect(questionStore.submissionContext(meeting.id, 'no-such-submission')).rejects.toThrow(/unread/);
  });

  it('a transaction that meets another on the same items is tried again before it is called a conflict', async () => {
    const { meeting, topic } = await meetingWithTopic('2032-09-07T14:00', '2032-07-05T09:00:00Z');
    // Injected: DynamoDB cancels the first two attempts with TransactionConflict (another
    // transaction on the same items), which DynamoDB Local cannot be made to do on demand.
    let conflicts = 0;
    spyDynamo((command) => {
      if (!(command instanceof TransactWriteCommand) || conflicts >= 2) return undefined;
      conflicts++;
      return Promise.reject(
        new TransactionCanceledException({
          message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]',
          $metadata: {},
          CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }, { Code: 'None' }],
        }),
      );
    });
    const out = await planning.addAgendaTopic(meeting.id, topic.id, meeting.version, at('2032-07-05T10:00:00Z'));
    expect(conflicts).toBe(2);
    expect(out.agenda.some((a) => a.topicId === topic.id)).toBe(true);
    expect((await stores.topicStore.get(topic.id))!.status).toBe('scheduled');
  });
});

describe('a question is never lost on a refusal (issue 14 §5)', () => {
  it('a failure while saving it answers 500 with the typed question shown back, and does not say nothing was changed', async () => {
    const { meeting } = await meetingWithTopic('2033-03-08T14:00', '2033-01-10T09:00:00Z', 'Road Safety (500)');
    const { handler } = await import('../../../functions/submit-question.js');
    const { lambdaContext } = await import('../../../infra/local/server.js');
    const typed = 'Will <b>average</b> speed cameras go on the A62?';
    const body = new URLSearchParams({ idempotencyKey: 'Jq3v9Rk2XyT7mN4pL8sWdA1b', name: 'Jane Example', email: uniqueEmail('lost'), district: 'Kirklees', question: typed, website: '' }).toString();
    const path = `/meetings/${meeting.id}/questions`;
    // Injected: DynamoDB refusing the question's transaction with an error of its own (DynamoDB Local cannot on demand).
    spyDynamo((command) => (command instanceof TransactWriteCommand ? Promise.reject(Object.assign(new Error('Internal server error'), { name: 'InternalServerError' })) : undefined));
    const res = (await handler(
      {
        version: '2.0',
        routeKey: `POST /meetings/{meetingId}/questions`,
        rawPath: path,
        rawQueryString: '',
        headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'localhost', 'x-scrutiny-now': '2033-02-01T09:00:00Z' },
        pathParameters: { meetingId: meeting.id },
        requestContext: { http: { method: 'POST', path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.44', userAgent: 'test' }, requestId: 'fault', routeKey: 'POST /meetings/{meetingId}/questions', stage: '$default', time: '', timeEpoch: 0, accountId: 'local', apiId: 'local', domainName: 'localhost', domainPrefix: 'localhost' },
        body,
        isBase64Encoded: false,
      } as never,
      lambdaContext('submit-question'),
    )) as { statusCode: number; body: string };
    expect(res.statusCode).toBe(500);
    expect(res.body).toContain('Sorry, there is a problem with the service');
    expect(res.body).not.toContain('Nothing was changed');
    expect(res.body).toContain('Will &lt;b&gt;average&lt;/b&gt; speed cameras go on the A62?');
  });
});
