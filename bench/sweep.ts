/**
 * Sweep scaling: the reminder sweep (functions/send-reminders.ts) with 50 reminders due, on a table
 * that holds nothing else and on one that also holds 100,000 unrelated items (past meetings with
 * their agendas, requests, history and reminder logs; topics; questions with their submitters;
 * rate-limit counters). Counted by an SDK middleware: DynamoDB requests and capacity units
 * (ReturnConsumedCapacity on every call). The sweep's cost should not depend on the table's size.
 *
 * Each repetition is a fresh set of 5 meetings x 10 requests on its own date (further apart than
 * the sweep's horizon), swept once at the moment their "paper due in a week" reminders fall due.
 * The send rate is raised (OUTBOX_SEND_RATE_PER_SECOND) so the SES pacing does not hide the work.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { resetConfig } from '../shared/config.js';
import { dynamo } from '../shared/aws/clients.js';
import { countDynamoCalls } from '../shared/aws/call-counter.js';
import { keys } from '../shared/store/keys.js';
import { addDays } from '../shared/domain/time.js';
import { ensureTable, localCredentials } from '../infra/local/services.js';
import { functionEnv } from './lib/world.js';
import type { Endpoints } from '../infra/local/env.js';
import { median } from './lib/stats.js';

export interface SweepRun {
  table: 'empty' | 'full';
  rep: number;
  sent: number;
  due: number;
  meetings: number;
  requests: number;
  capacityUnits: number;
  ms: number;
  commands: Record<string, number>;
}

export interface SweepResult {
  unrelatedItems: number;
  loadSeconds: number;
  runs: SweepRun[];
}

/** 100,000 items shaped like a few years of other meetings' data, none in the sweep's window. */
function* unrelatedItems(count: number) {
  const pad = 'Notes and figures from an earlier meeting, kept for the record.';
  let n = 0;
  while (n < count) {
    const meetingId = ulid();
    const start = new Date(Date.UTC(2012, 0, 3) + Math.floor(Math.random() * 2_500) * 86_400_000).toISOString();
    yield { ...keys.meeting(meetingId), ...keys.meetingsByStart(start, meetingId), entity: 'meeting', id: meetingId, start, title: 'Community Outcomes Meeting', status: 'held', version: 3 };
    n++;
    for (let i = 0; i < 7 && n < count; i++, n++) yield { ...keys.agendaItem(meetingId, ulid()), entity: 'agendaItem', meetingId, title: `Standing item ${i}`, kind: 'standing' };
    for (let i = 0; i < 5 && n < count; i++) {
      const requestId = ulid();
      yield { ...keys.request(meetingId, requestId), ...keys.requestById(requestId), entity: 'request', id: requestId, meetingId, status: 'published', title: 'A paper', dueDate: start.slice(0, 10), note: pad };
      n++;
      for (let h = 0; h < 3 && n < count; h++, n++) {
        const entryId = ulid();
        yield { ...keys.history(meetingId, requestId, entryId), ...keys.historyByRequest(requestId, entryId), entity: 'history', what: 'published', at: start };
      }
      if (n < count) {
        yield { ...keys.reminderLog(meetingId, `paper-due-week#${requestId}#author@example.org`), entity: 'reminderLog', status: 'sent', at: start };
        n++;
      }
    }
    for (let i = 0; i < 6 && n < count; i++) {
      const questionId = ulid();
      yield { ...keys.question(meetingId, questionId), ...keys.questionById(questionId), entity: 'question', id: questionId, status: 'accepted', text: pad };
      n++;
      if (n < count) {
        yield { ...keys.questionContact(meetingId, questionId), ...keys.contactByQuestionId(questionId), entity: 'contact', name: 'A Person', email: 'person@example.org' };
        n++;
      }
    }
    if (n < count) {
      const topicId = ulid();
      yield { ...keys.topic(topicId), ...keys.topicsByCreation(start, topicId), entity: 'topic', id: topicId, title: 'An old topic', status: 'closed', version: 2 };
      n++;
    }
    if (n < count) {
      yield { ...keys.rateLimit('questions', randomUUID(), start.slice(0, 13)), entity: 'rate', count: 1 };
      n++;
    }
  }
}

async function load(e: Endpoints, table: string, count: number) {
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: e.dynamodb, region: 'eu-west-2', credentials: localCredentials, maxAttempts: 10 }));
  const items = unrelatedItems(count);
  const worker = async () => {
    for (;;) {
      const batch: Record<string, unknown>[] = [];
      for (let i = 0; i < 25; i++) {
        const next = items.next();
        if (next.done) break;
        batch.push(next.value);
      }
      if (!batch.length) return;
      let requests: Record<string, unknown>[] | undefined = batch.map((Item) => ({ PutRequest: { Item } }));
      while (requests?.length) {
        const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: requests as never } }));
        requests = out.UnprocessedItems?.[table] as Record<string, unknown>[] | undefined;
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  doc.destroy();
}

/** 5 meetings on one day with 10 requests each; returns when their week-before reminders are due. */
async function scenario(day: string, meetingCount = 5, requestsEach = 10): Promise<string> {
  const planning = await import('../shared/app/planning.js');
  const made = new Date(Date.parse(`${day}T09:00:00Z`) - 120 * 86_400_000);
  const meetings = await planning.createMeetings(
    Array.from({ length: meetingCount }, (_, i) => ({ start: `${day}T${String(10 + i).padStart(2, '0')}:00`, place: `Room ${i + 1}, Wellington House, Wakefield` })) as never,
    made,
  );
  let dueDate = '';
  for (const [m, meeting] of meetings.entries()) {
    for (let r = 0; r < requestsEach; r++) {
      const topic = await planning.createTopic({ title: `Topic ${m}-${r}`, points: ['A point to cover'], source: { kind: 'staff' } } as never, made);
      const request = await planning.createRequest(
        meeting.id,
        { topicId: topic.id, sponsor: { name: 'ACC Sponsor', email: `sponsor.${m}.${r}@example.org` }, author: { name: 'An Author', email: `author.${m}.${r}@example.org` } } as never,
        'http://localhost',
        made,
      );
      dueDate = request.dueDate;
    }
  }
  // The week-before reminder falls due at 08:00 London on the due date less 7 days; sweep at 09:30 UTC.
  return `${addDays(dueDate, -7)}T09:30:00.000Z`;
}

export async function sweepScaling(e: Endpoints, opts: { reps: number; unrelated: number; log: (s: string) => void }): Promise<SweepResult> {
  const tables = { empty: `sweep-empty-${randomUUID().slice(0, 6)}`, full: `sweep-full-${randomUUID().slice(0, 6)}` };
  for (const t of Object.values(tables)) await ensureTable(e.dynamodb, t);
  const t0 = performance.now();
  await load(e, tables.full, opts.unrelated);
  const loadSeconds = (performance.now() - t0) / 1000;
  opts.log(`  loaded ${opts.unrelated.toLocaleString('en-GB')} unrelated items in ${loadSeconds.toFixed(0)} s`);

  Object.assign(process.env, functionEnv(e), { OUTBOX_SEND_RATE_PER_SECOND: '1000', POWERTOOLS_LOG_LEVEL: 'ERROR' });
  const { handler } = (await import('../functions/send-reminders.js')) as { handler: (event: { now: string }) => Promise<{ queued: number; due: number; meetings: number }> };
  // A first, small sweep that is not counted: it loads the templates and opens the connections.
  process.env.TABLE_NAME = tables.empty;
  resetConfig();
  await handler({ now: await scenario('2040-11-06', 1, 2) });
  const runs: SweepRun[] = [];
  for (let rep = 0; rep < opts.reps; rep++) {
    // Each repetition further out than the sweep's 60-day horizon from the last.
    const day = addDays('2041-03-05', rep * 140);
    for (const which of (rep % 2 ? ['full', 'empty'] : ['empty', 'full']) as ('empty' | 'full')[]) {
      process.env.TABLE_NAME = tables[which];
      resetConfig();
      const at = await scenario(day);
      const counter = countDynamoCalls(dynamo(), { capacity: true });
      const s0 = performance.now();
      const result = await handler({ now: at });
      const ms = performance.now() - s0;
      counter.stop();
      const commands: Record<string, number> = {};
      for (const c of counter.commands) commands[c.replace(/Command$/, '')] = (commands[c.replace(/Command$/, '')] ?? 0) + 1;
      runs.push({ table: which, rep, sent: result.queued, due: result.due, meetings: result.meetings, requests: counter.calls, capacityUnits: counter.capacityUnits, ms, commands });
      opts.log(`  rep ${rep + 1} ${which.padEnd(5)}: ${result.queued} queued of ${result.due} due, ${counter.calls} DynamoDB requests, ${counter.capacityUnits} capacity units, ${ms.toFixed(0)} ms`);
    }
  }
  process.env.TABLE_NAME = e.table;
  resetConfig();
  return { unrelatedItems: opts.unrelated, loadSeconds, runs };
}

export const summarise = (r: SweepResult, which: 'empty' | 'full') => {
  const mine = r.runs.filter((x) => x.table === which);
  return {
    sent: median(mine.map((x) => x.sent)),
    requests: median(mine.map((x) => x.requests)),
    capacityUnits: median(mine.map((x) => x.capacityUnits)),
    ms: median(mine.map((x) => x.ms)),
    min: Math.min(...mine.map((x) => x.ms)),
    max: Math.max(...mine.map((x) => x.ms)),
  };
};
