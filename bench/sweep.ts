/**
 * The reminder sweep's growth (functions/send-reminders.ts; issue 15 §8): DynamoDB requests,
 * capacity units (ReturnConsumedCapacity on every call, counted by an SDK middleware) and time of one
 * run, against meetings in the horizon (1, 10, 50) and reminders due (0, 100, 1,000); and an idle run
 * with 2,000 accepted questions in one meeting. Every run measured is the success path: it queues
 * exactly what is due (checked) and stops only when done.
 *
 * Each cell has a table of its own. Its meetings (made through the app) each get their share of the
 * due reminders as report requests whose "due in a week" reminder falls due at the measured moment,
 * and 3 requests and 20 accepted questions with nothing due then (written through the store's item
 * shapes in batches, outside the timed part). A first sweep, not measured, right after they are
 * written looks at everything new (as the hourly sweep does) and moves each thing in the index to its
 * next reminder; the measured sweep is the one at the moment the reminders fall due.
 */
import { randomUUID } from 'node:crypto';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { resetConfig } from '../shared/config.js';
import { dynamo } from '../shared/aws/clients.js';
import { countDynamoCalls } from '../shared/aws/call-counter.js';
import { itemOf } from '../shared/store/store.js';
import { addDays } from '../shared/domain/time.js';
import { ensureTable } from '../infra/local/services.js';
import { functionEnv } from './lib/world.js';
import type { Endpoints } from '../infra/local/env.js';
import type { ReportRequest } from '../shared/schemas/entities.js';
import type { SweepResult as Swept } from '../shared/app/reminders.js';

export interface SweepCell {
  meetings: number;
  due: number;
  /** What the measured run did. */
  queued: number;
  looked: number;
  requests: number;
  capacityUnits: number;
  ms: number;
  commands: Record<string, number>;
}

export interface SweepGrowth {
  cells: SweepCell[];
  idleQuestions: { questions: number; requests: number; capacityUnits: number; ms: number; commands: Record<string, number> };
  /** Least-squares fit of requests (and capacity units) on due reminders and the meetings looked at (those with something due). */
  fit: { requestsPerDue: number; requestsPerMeeting: number; unitsPerDue: number; unitsPerMeeting: number; idleRequests: number[] };
  linearInDue: boolean;
  nearFlatInMeetings: boolean;
  verdict: string;
}

type Handler = (event: { now: string }, context?: { getRemainingTimeInMillis(): number }) => Promise<Swept>;

async function batchPut(items: Record<string, unknown>[]) {
  const table = process.env.TABLE_NAME!;
  const parts = Array.from({ length: Math.ceil(items.length / 25) }, (_, i) => items.slice(i * 25, i * 25 + 25));
  let next = 0;
  const worker = async () => {
    while (next < parts.length) {
      let requests: Record<string, unknown>[] | undefined = parts[next++]!.map((Item) => ({ PutRequest: { Item } }));
      while (requests?.length) {
        const out = await dynamo().send(new BatchWriteCommand({ RequestItems: { [table]: requests as never } }));
        requests = out.UnprocessedItems?.[table] as Record<string, unknown>[] | undefined;
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

const person = (role: string, n: string) => ({ name: `${role} ${n}`, email: `${role.toLowerCase()}.${n}@example.org` });

/** A request awaiting its paper, due on `dueDate`, as the store keeps it. */
function request(meetingId: string, n: string, dueDate: string, made: string): ReportRequest {
  return {
    id: ulid(), meetingId, topicId: ulid(), agendaItemId: ulid(), title: `Paper ${n}`, points: ['An update'],
    sponsor: person('Sponsor', n), author: person('Author', n), dueDate, status: 'requested',
    linkHash: randomUUID().replace(/-/g, ''), linkIssuedAt: made, version: 1, createdAt: made, updatedAt: made,
  };
}

/** A fresh table with `meetings` meetings on one day, `due` requests due a week after `at`, spread over them, and nothing else due. */
async function world(e: Endpoints, meetings: number, due: number, questionsInFirst = 20) {
  process.env.TABLE_NAME = `sweep-${meetings}-${due}-${randomUUID().slice(0, 6)}`;
  resetConfig();
  await ensureTable(e.dynamodb, process.env.TABLE_NAME);
  const planning = await import('../shared/app/planning.js');
  const { questionItemOf } = await import('../shared/store/questions.js');
  const qd = await import('../shared/domain/questions.js');
  // Papers due Monday 3 February 2042 (the week-before reminder: Monday 27 January, 08:00 GMT); meetings on Tuesday 25 February.
  const dueDate = '2042-02-03';
  const later = '2042-02-17';
  const made = '2041-12-01T09:00:00.000Z';
  const ms = [];
  for (let from = 0; from < meetings; from += 5) {
    const some = Array.from({ length: Math.min(5, meetings - from) }, (_, k) => from + k);
    ms.push(...(await planning.createMeetings(some.map((i) => ({ title: 'Community Outcomes Meeting', start: `2042-02-25T${String(9 + (i % 9)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`, place: 'Online' })) as never, new Date(made))));
  }
  const items: Record<string, unknown>[] = [];
  ms.forEach((m, i) => {
    const share = Math.floor(due / meetings) + (i < due % meetings ? 1 : 0);
    for (let r = 0; r < share; r++) items.push(itemOf.request(request(m.id, `${i}-${r}`, dueDate, made)));
    // Nothing due at the moment measured: papers due later, questions whose note comes two days before the meeting.
    for (let r = 0; r < 3; r++) items.push(itemOf.request(request(m.id, `${i}-later-${r}`, later, made)));
    const questions = i === 0 ? questionsInFirst : 20;
    for (let q = 0; q < questions; q++) {
      const made_ = qd.newQuestion({ meeting: m, form: { name: `Resident ${q}`, email: `resident.${i}.${q}@example.org`, district: 'Leeds', question: `Question ${q} about policing in my area?`, publishName: false }, number: q + 1, referencePrefix: 'COM', retentionMonths: 12, now: new Date(made) });
      items.push(questionItemOf.question({ ...made_.question, status: 'accepted', review: { outcome: 'accept', at: made, by: 'manager@example.org' } }), questionItemOf.contact(made_.contact));
    }
  });
  await batchPut(items);
  return { dueAt: `${addDays(dueDate, -7)}T08:00:00Z`, settleAt: '2041-12-01T10:00:00Z' };
}

async function measure(handler: Handler, now: string) {
  const counter = countDynamoCalls(dynamo(), { capacity: true });
  const s0 = performance.now();
  const result = await handler({ now }, { getRemainingTimeInMillis: () => 300_000 });
  const ms = performance.now() - s0;
  counter.stop();
  const commands: Record<string, number> = {};
  for (const c of counter.commands) commands[c.replace(/Command$/, '')] = (commands[c.replace(/Command$/, '')] ?? 0) + 1;
  return { result, requests: counter.calls, capacityUnits: Math.round(counter.capacityUnits * 10) / 10, ms, commands };
}

/** Least squares y = a + b*x1 + c*x2. */
function fit(rows: { y: number; x1: number; x2: number }[]) {
  const n = rows.length;
  const m = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0) / n;
  const [mx1, mx2, my] = [m((r) => r.x1), m((r) => r.x2), m((r) => r.y)];
  const s11 = m((r) => (r.x1 - mx1) ** 2), s22 = m((r) => (r.x2 - mx2) ** 2), s12 = m((r) => (r.x1 - mx1) * (r.x2 - mx2));
  const s1y = m((r) => (r.x1 - mx1) * (r.y - my)), s2y = m((r) => (r.x2 - mx2) * (r.y - my));
  const det = s11 * s22 - s12 ** 2;
  const b = (s1y * s22 - s2y * s12) / det;
  const c = (s2y * s11 - s1y * s12) / det;
  return { b, c, a: my - b * mx1 - c * mx2 };
}

export async function sweepGrowth(e: Endpoints, opts: { log: (s: string) => void; meetings?: number[]; due?: number[]; questions?: number }): Promise<SweepGrowth> {
  const before = process.env.TABLE_NAME;
  Object.assign(process.env, functionEnv(e), { POWERTOOLS_LOG_LEVEL: 'ERROR' });
  const { handler } = (await import('../functions/send-reminders.js')) as { handler: Handler };
  const cells: SweepCell[] = [];
  try {
    // A first small world, not counted: loads the templates and opens the connections.
    const warm = await world(e, 1, 2);
    await handler({ now: warm.settleAt });
    await handler({ now: warm.dueAt });
    for (const meetings of opts.meetings ?? [1, 10, 50]) {
      for (const due of opts.due ?? [0, 100, 1000]) {
        const w = await world(e, meetings, due);
        const settled = await handler({ now: w.settleAt });
        if (settled.queued !== 0 || settled.stopped) throw new Error(`The set-up sweep queued ${settled.queued}: the world is not what it should be`);
        const r = await measure(handler, w.dueAt);
        // The success path: exactly the reminders due, all queued, nothing left.
        if (r.result.queued !== due || r.result.stopped || r.result.skipped !== 0) throw new Error(`Sweep at ${meetings} meetings, ${due} due: queued ${r.result.queued}, skipped ${r.result.skipped}, stopped ${r.result.stopped}`);
        cells.push({ meetings, due, queued: r.result.queued, looked: r.result.meetings, requests: r.requests, capacityUnits: r.capacityUnits, ms: r.ms, commands: r.commands });
        opts.log(`  ${String(meetings).padStart(2)} meetings, ${String(due).padStart(4)} due: ${r.result.queued} queued, ${r.requests} DynamoDB requests, ${r.capacityUnits} capacity units, ${r.ms.toFixed(0)} ms`);
      }
    }
    // Idle, at 2,000 accepted questions in one meeting (their note is due two days before the meeting, not now).
    const questions = opts.questions ?? 2000;
    const q = await world(e, 1, 0, questions);
    await handler({ now: q.settleAt });
    const idle = await measure(handler, q.dueAt);
    if (idle.result.queued !== 0 || idle.result.due !== 0) throw new Error(`The idle sweep found ${idle.result.due} due`);
    opts.log(`  idle, 1 meeting with ${questions.toLocaleString('en-GB')} accepted questions: ${idle.requests} DynamoDB requests, ${idle.capacityUnits} capacity units, ${idle.ms.toFixed(0)} ms`);

    // Fitted on the reminders due and the meetings the sweep looked at (those with something due): a
    // meeting with nothing due is not looked at, so it costs nothing; the idle cells show it.
    const req = fit(cells.map((c) => ({ y: c.requests, x1: c.due, x2: c.looked })));
    const cu = fit(cells.map((c) => ({ y: c.capacityUnits, x1: c.due, x2: c.looked })));
    const idleRequests = cells.filter((c) => c.due === 0).map((c) => c.requests);
    // Linear in due work: each cell within 10% (or 5 requests) of the fit. Near-flat in meetings: an idle
    // run costs the same whatever the meetings, and a meeting with work due adds a few reads, small beside its reminders' writes.
    const linearInDue = cells.every((c) => Math.abs(c.requests - (req.a + req.b * c.due + req.c * c.looked)) <= Math.max(5, 0.1 * c.requests));
    const nearFlatInMeetings = new Set(idleRequests).size === 1 && req.c <= 10;
    const verdict =
      `${linearInDue && nearFlatInMeetings ? 'linear in due work, near-flat in meetings' : 'NOT linear in due work and near-flat in meetings'}: ` +
      `${req.b.toFixed(2)} requests and ${cu.b.toFixed(2)} capacity units per reminder due; an idle run ${[...new Set(idleRequests)].join(' or ')} request(s) at ${cells.filter((c) => c.due === 0).map((c) => c.meetings).join(', ')} meetings; ` +
      `a meeting with something due adds ${req.c.toFixed(1)} requests (its reads) and ${cu.c.toFixed(1)} capacity units; idle at ${questions.toLocaleString('en-GB')} questions: ${idle.requests} request(s), ${idle.capacityUnits} capacity units.`;
    return {
      cells,
      idleQuestions: { questions, requests: idle.requests, capacityUnits: idle.capacityUnits, ms: idle.ms, commands: idle.commands },
      fit: { requestsPerDue: req.b, requestsPerMeeting: req.c, unitsPerDue: cu.b, unitsPerMeeting: cu.c, idleRequests },
      linearInDue,
      nearFlatInMeetings,
      verdict,
    };
  } finally {
    process.env.TABLE_NAME = before ?? e.table;
    resetConfig();
  }
}
