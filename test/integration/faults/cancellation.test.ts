/**
 * A cancellation cut short (issue 12 §3). This process runs the use-cases, as the functions do,
 * against DynamoDB Local (a table of this file's own) and the SES emulator. Injected at the SDK
 * client (`vi.spyOn(client, 'send')`), because DynamoDB Local cannot fail on demand: the second
 * transaction of withdrawals fails, after the meeting is cancelled and the first 20 requests are
 * withdrawn and emailed. Sending the cancellation again completes it, and nobody is emailed twice.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { emails, endpoints, uniqueEmail } from '../../support/http.js';
import { ensureTable } from '../../../infra/local/services.js';
import { useLocalEnv } from '../../../infra/local/env.js';
import { drainOutbox } from '../../support/outbox.js';

let planning: typeof import('../../../shared/app/planning.js');
let questions: typeof import('../../../shared/app/questions.js');
let cancellation: typeof import('../../../shared/app/cancellation.js');
let clients: typeof import('../../../shared/aws/clients.js');

const at = (iso: string) => new Date(iso);
const person = (who: string) => ({ name: who, email: uniqueEmail(who.toLowerCase().replace(/\W+/g, '-')) });

beforeAll(async () => {
  const table = `faults-cancel-${Date.now().toString(36)}`;
  await ensureTable(endpoints().dynamodb, table);
  useLocalEnv(endpoints(), { TABLE_NAME: table, POWERTOOLS_LOG_LEVEL: 'ERROR', QUESTION_RATE_LIMIT_PER_HOUR: '100', QUESTION_ACKS_PER_HOUR: '1000' });
  planning = await import('../../../shared/app/planning.js');
  questions = await import('../../../shared/app/questions.js');
  cancellation = await import('../../../shared/app/cancellation.js');
  clients = await import('../../../shared/aws/clients.js');
});


afterEach(() => {
  vi.restoreAllMocks();
});

describe('a cancellation cut short', () => {
  it('is completed by sending it again: the rest is withdrawn and closed, and each person is emailed once', async () => {
    const made = '2030-01-07T09:00:00Z';
    const [meeting] = await planning.createMeetings([{ title: 'Community Outcomes Meeting', start: '2030-03-05T14:00', place: 'Wellington House, Wakefield' }], at(made));
    const people: string[] = [];
    for (let i = 0; i < 21; i++) {
      const topic = await planning.createTopic({ title: `Topic ${i}`, points: [], source: { kind: 'staff' } }, at(made));
      const sponsor = person('ACC Hankinson');
      const author = person('Supt Davison');
      people.push(sponsor.email, author.email);
      await planning.createRequest(meeting!.id, { topicId: topic.id, sponsor, author }, 'https://example.org', at(made));
    }
    const askers = [person('Jane Example'), person('John Example')];
    for (const [i, a] of askers.entries()) {
      const form = { name: a.name, email: a.email, district: 'Leeds' as const, question: `Question ${i}?`, publishName: false };
      const res = await questions.submitQuestion({ meetingId: meeting!.id, form, idempotencyKey: `key-${i}-${Date.now()}-abcdefgh`, sourceIp: '192.0.2.1', baseUrl: 'https://example.org', now: at(made) });
      expect(res.kind).toBe('created');
    }
    const version = (await planning.findMeeting(meeting!.id))!.version;
    const input = { version, reason: 'The commissioner is unwell.', questions: 'close' as const };

    // Injected: the second transaction of withdrawals fails (the first holds 20 requests, 100 items).
    const client = clients.dynamo();
    const real = client.send.bind(client) as (c: unknown) => Promise<unknown>;
    let transactions = 0;
    vi.spyOn(client, 'send').mockImplementation(((command: unknown) => {
      if (command instanceof TransactWriteCommand && ++transactions === 2) return Promise.reject(Object.assign(new Error('Injected failure'), { name: 'InternalServerError' }));
      return real(command);
    }) as never);
    await expect(cancellation.cancelMeeting(meeting!.id, input, at('2030-01-08T09:00:00Z'))).rejects.toThrow('Injected failure');
    vi.restoreAllMocks();

    await drainOutbox('2030-01-08T09:00:01Z');
    const cancelled = (label: string) => async (to: string) => (await emails(to)).filter((m) => /^(Meeting cancelled|Your question)/.test(m.subject) && m.subject.includes(label)).length;
    const partly = await planning.getMeetingView(meeting!.id, at('2030-01-08T09:00:00Z'));
    expect(partly.meeting.status).toBe('cancelled');
    expect(partly.requests.filter((r) => r.status === 'withdrawn')).toHaveLength(20);
    const sentBefore = await Promise.all(people.map(cancelled('')));
    expect(sentBefore.filter((n) => n === 1)).toHaveLength(40);

    // Sent again (the same input: the version it was first sent with): completes the rest.
    const done = await cancellation.cancelMeeting(meeting!.id, input, at('2030-01-08T09:01:00Z'));
    expect(done.alreadyCancelled).toBe(true);
    expect(done.withdrawn).toHaveLength(21);
    expect(done.questions.closed.map((q) => q.status)).toEqual(['closed', 'closed']);
    await drainOutbox('2030-01-08T09:01:01Z');
    expect(await Promise.all(people.map(cancelled('')))).toEqual(people.map(() => 1));
    for (const a of askers) expect((await emails(a.email)).filter((m) => /is cancelled/.test(m.subject))).toHaveLength(1);

    // And again: nothing more.
    const everyone = [...people, ...askers.map((a) => a.email)];
    const count = (await Promise.all(everyone.map((p) => emails(p)))).flat().length;
    await cancellation.cancelMeeting(meeting!.id, input, at('2030-01-08T09:02:00Z'));
    await drainOutbox('2030-01-08T09:02:01Z');
    expect((await Promise.all(everyone.map((p) => emails(p)))).flat().length).toBe(count);
  }, 120_000);
});
