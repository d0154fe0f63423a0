/**
 * The worlds the per-route figures are measured in, each on a table of its own on the bench's
 * DynamoDB Local (so one world's data never shows in another's lists):
 *
 *  - realistic: a West Yorkshire-sized year: 6 meetings, 40 papers with 3 versions each, 500 public
 *    questions, 2,000 reminder log items.
 *  - stress: one meeting with 2,000 questions and 60 requests with 5 versions each, and 50 meetings
 *    in the reminder sweep's horizon.
 *
 * Made in this process through the handlers (bench/lib/fresh.ts): meetings, requests, papers
 * (uploaded to the S3 emulator, submitted through the author's form, returned and submitted again)
 * and questions (the public form) as people make them; the reminder log items, which only the sweep
 * writes, are written directly in batches. The world's first meeting with papers and questions is
 * the one the sample ids stand for (the "cycle"), so read routes read a meeting of the world's size.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localCredentials } from '../../infra/local/services.js';
import { ids, SAMPLE_NOW } from '../../infra/local/make-events.js';
import { ensureTable } from '../../infra/local/services.js';
import { useLocalEnv, type Endpoints } from '../../infra/local/env.js';
import { keys } from '../../shared/store/keys.js';
import { tableName } from '../../shared/store/store.js';
import { dynamo } from '../../shared/aws/clients.js';
import { reminderKinds } from '../../shared/domain/reminders.js';
import { baseSample, Fresh } from './fresh.js';

export type WorldName = 'realistic' | 'stress';

export interface WorldSize {
  meetings: number;
  /** Requests on the cycle meeting, and on the others. */
  cycleRequests: number;
  otherRequests: number;
  versions: number;
  cycleQuestions: number;
  otherQuestions: number;
  reminderLogs: number;
}

export const SIZES: Record<WorldName, WorldSize> = {
  // 6 meetings; 40 papers: 8 on the cycle meeting, 32 across the other 5 (6-7 each); 500 questions: 100 + 5 x 80.
  realistic: { meetings: 6, cycleRequests: 8, otherRequests: 32, versions: 3, cycleQuestions: 100, otherQuestions: 400, reminderLogs: 2000 },
  // One meeting with 2,000 questions and 60 requests x 5 versions; 50 meetings in the sweep's horizon.
  stress: { meetings: 50, cycleRequests: 60, otherRequests: 0, versions: 5, cycleQuestions: 2000, otherQuestions: 0, reminderLogs: 0 },
};

const pool = async <T>(n: number, width: number, fn: (i: number) => Promise<T>): Promise<T[]> => {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, n) }, async () => {
    while (next < n) {
      const i = next++;
      out[i] = await fn(i);
    }
  }));
  return out;
};

/** A request with `versions` submitted versions (returned between them, as the office does). */
async function paperWithVersions(f: Fresh, meetingId: string, versions: number) {
  const r = await f.request(meetingId);
  const swaps = new Map([[ids.decemberMeeting, meetingId], [ids.roadSafetyRequest, r.id]]);
  for (let v = 0; v < versions; v++) {
    if (v > 0) await f.call('return-paper', { sample: baseSample('return-paper'), swaps });
    await f.paper(meetingId, r.id);
  }
  return r;
}

/** Days from 2021-11-02 (inside the sweep's horizon from SAMPLE_NOW), skipping weekends. */
function weekday(i: number): string {
  const d = new Date(Date.UTC(2021, 10, 2));
  let n = 0;
  while (n < i) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) n++;
  }
  return d.toISOString().slice(0, 10);
}

export interface BuiltWorld {
  name: WorldName;
  endpoints: Endpoints;
  fresh: Fresh;
  seconds: number;
  counts: Record<string, number>;
}

/** Makes the world on its own table and points this process's handlers at it. */
export async function buildWorld(name: WorldName, e: Endpoints, token: string, log: (s: string) => void, env: Record<string, string> = {}, scale = 1): Promise<BuiltWorld> {
  const started = performance.now();
  // `scale` < 1 only for trying the bench out quickly: the figures then describe a smaller world.
  const size = Object.fromEntries(Object.entries(SIZES[name]).map(([k, v]) => [k, k === 'versions' || v === 0 ? v : Math.max(k === 'meetings' ? 3 : 1, Math.round(v * scale))])) as unknown as WorldSize;
  const endpoints = { ...e, table: `bench-${name}-${Date.now()}` };
  await ensureTable(endpoints.dynamodb, endpoints.table);
  useLocalEnv(endpoints, env);
  const f = new Fresh(token, new URL(e.app).host);

  // The cycle: September (with an action) and the December meeting the samples name.
  const september = await f.meeting('2021-09-14T15:00', '2021-08-02T09:00:00Z');
  const action = await f.action(september.id);
  f.swaps.set(ids.septemberMeeting, september.id).set(ids.septemberAction, action.id);
  const d = await f.december({ paper: true, question: 'accepted' });
  for (const [k, v] of d.swaps) f.swaps.set(k, v);

  // The other meetings: the rest of the year (realistic) or the sweep's horizon (stress).
  const others = await pool(size.meetings - 2, 4, async (i) => {
    const start = name === 'realistic' ? ['2022-03-15', '2022-06-14', '2022-09-13', '2022-12-06'][i % 4]! : weekday(i);
    return (await f.meeting(`${start}T${String(10 + (i % 6)).padStart(2, '0')}:00`)).id;
  });

  // Papers: the cycle meeting's, then the others' (spread evenly).
  await pool(size.cycleRequests - 1, 1, async () => paperWithVersions(f, d.meetingId, size.versions));
  await pool(size.otherRequests, 4, async (i) => paperWithVersions(f, others[i % Math.max(1, others.length)]!, size.versions));

  // Questions through the public form (the other meetings' while open: the clock before each).
  await pool(size.cycleQuestions - 1, 8, async () => f.ask(d.meetingId));
  const asking = new Map<string, string>();
  for (const meetingId of others) {
    // Each of the later meetings takes questions until 7 days before it: ask a month before.
    const start = Date.parse((await f.view(meetingId)).meeting.start);
    asking.set(meetingId, new Date(start - 30 * 86_400_000).toISOString());
  }
  await pool(size.otherQuestions, 8, async (i) => f.ask(others[i % others.length]!, asking.get(others[i % others.length]!)));

  // Reminder log items, as the sweep leaves them (sent), spread over the meetings.
  const meetingsWithLogs = [d.meetingId, september.id, ...others];
  const items = Array.from({ length: size.reminderLogs }, (_, i) => {
    const meetingId = meetingsWithLogs[i % meetingsWithLogs.length]!;
    const kind = reminderKinds[i % reminderKinds.length]!;
    const key = `${kind}#bench-${i}`;
    return {
      ...keys.reminderLog(meetingId, key),
      entity: 'reminderLog',
      meetingId,
      key,
      kind,
      subjectId: d.request?.id ?? meetingId,
      to: { name: 'Chief Inspector, Roads Policing', email: `author-${i % 40}@example.org` },
      cc: [],
      status: 'sent',
      attempts: 1,
      sentAt: SAMPLE_NOW,
      messageId: `bench-${i}`,
      updatedAt: SAMPLE_NOW,
    };
  });
  for (let i = 0; i < items.length; i += 25) {
    await dynamo().send(new BatchWriteCommand({ RequestItems: { [tableName()]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
  const seconds = (performance.now() - started) / 1000;
  const counts = {
    meetings: size.meetings,
    papers: size.cycleRequests + size.otherRequests,
    versionsEach: size.versions,
    questions: size.cycleQuestions + size.otherQuestions,
    cycleQuestions: size.cycleQuestions,
    reminderLogs: size.reminderLogs,
  };
  log(`  ${name} world: ${JSON.stringify(counts)} made in ${seconds.toFixed(0)} s (table ${endpoints.table})`);
  return { name, endpoints, fresh: f, seconds, counts };
}

/** Drops the world's table (DynamoDB Local holds it in memory), and points the handlers back at `e`. */
export async function dropWorld(world: BuiltWorld, e: Endpoints, env: Record<string, string> = {}): Promise<void> {
  const client = new DynamoDBClient({ endpoint: e.dynamodb, region: 'eu-west-2', credentials: localCredentials });
  await client.send(new DeleteTableCommand({ TableName: world.endpoints.table })).catch(() => undefined);
  client.destroy();
  useLocalEnv(e, env);
}
