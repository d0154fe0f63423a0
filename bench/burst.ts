/**
 * Burst: 1,000 public questions posted to one meeting's form at 50 in flight against the local
 * server (every request a new submission with its own idempotency key, from one address, so the
 * bench stack runs with QUESTION_RATE_LIMIT_PER_HOUR raised). Then: every post answered with a
 * reference and no 5xx; each question stored exactly once (the meeting's questions partition,
 * counted with a Query); a repeat of 50 of the posts stores nothing new. Beside it, in the same run,
 * DynamoDB Local's own PutItem throughput at 50 in flight.
 */
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { keys } from '../shared/store/keys.js';
import { localCredentials } from '../infra/local/services.js';
import { staffToken } from './lib/world.js';
import type { Endpoints } from '../infra/local/env.js';
import { percentile } from './lib/stats.js';

export interface BurstResult {
  submissions: number;
  inFlight: number;
  seconds: number;
  perSecond: number;
  statuses: Record<string, number>;
  p50: number;
  p99: number;
  stored: { questions: number; contacts: number; submissions: number; distinctReferences: number };
  repeats: { sent: number; sameReference: number; storedAfter: number };
  putItem: { puts: number; seconds: number; perSecond: number };
}

async function pool<T>(count: number, inFlight: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await fn(i);
      }
    }),
  );
  return out;
}

export async function burst(e: Endpoints, opts: { submissions: number; inFlight: number; log: (s: string) => void }): Promise<BurstResult> {
  const token = await staffToken(e);
  const now = '2041-01-08T10:00:00.000Z';
  const made = await fetch(`${e.app}/api/meetings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-scrutiny-now': now },
    body: JSON.stringify({ start: '2041-02-05T14:00', place: 'Wellington House, Wakefield' }),
  });
  const meeting = (await made.json()) as { id: string };
  const districts = ['Bradford', 'Calderdale', 'Kirklees', 'Leeds', 'Wakefield'];
  const forms = Array.from({ length: opts.submissions }, (_, i) => ({
    idempotencyKey: randomBytes(18).toString('base64url'),
    name: `Resident ${i}`,
    email: `resident.${i}@example.org`,
    district: districts[i % districts.length]!,
    question: `What is being done about speeding on road number ${i} near the school?`,
    website: '',
  }));
  const post = async (form: Record<string, string>) => {
    const t0 = performance.now();
    const res = await fetch(`${e.app}/meetings/${meeting.id}/questions`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-scrutiny-now': now },
      body: new URLSearchParams(form).toString(),
    });
    const html = await res.text();
    return { status: res.status, ms: performance.now() - t0, reference: /id="reference">([^<]+)</.exec(html)?.[1] };
  };

  const t0 = performance.now();
  const answers = await pool(forms.length, opts.inFlight, (i) => post(forms[i]!));
  const seconds = (performance.now() - t0) / 1000;
  const statuses: Record<string, number> = {};
  for (const a of answers) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
  opts.log(`  ${forms.length} posts in ${seconds.toFixed(1)} s: ${JSON.stringify(statuses)}`);

  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: e.dynamodb, region: 'eu-west-2', credentials: localCredentials }));
  const partition = async () => {
    const items: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const out = await doc.send(new QueryCommand({ TableName: e.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.questionsPartition(meeting.id).pk }, ExclusiveStartKey }));
      items.push(...(out.Items ?? []));
      ExclusiveStartKey = out.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    const of = (prefix: string) => items.filter((x) => String(x.sk).startsWith(prefix));
    return { questions: of('QUESTION#').length, contacts: of('CONTACT#').length, submissions: of('SUBMISSION#').length, distinctReferences: new Set(of('QUESTION#').map((x) => x.reference)).size };
  };
  const stored = await partition();

  // The same posts again (a refresh, a double click): the same reference, nothing new stored.
  const again = await pool(50, opts.inFlight, (i) => post(forms[i * Math.floor(forms.length / 50)]!));
  const sameReference = again.filter((a, i) => a.status === 200 && a.reference === answers[i * Math.floor(forms.length / 50)]!.reference).length;
  const after = await partition();

  // DynamoDB Local's own throughput: PutItem of a question-sized item, 50 in flight.
  const puts = opts.submissions * 2;
  const item = (i: number) => ({ pk: `BENCH#${ulid()}`, sk: `QUESTION#${i}`, text: forms[i % forms.length]!.question, district: 'Leeds', status: 'submitted', createdAt: now });
  const p0 = performance.now();
  await pool(puts, opts.inFlight, (i) => doc.send(new PutCommand({ TableName: e.table, Item: item(i) })));
  const putSeconds = (performance.now() - p0) / 1000;
  doc.destroy();

  const times = answers.map((a) => a.ms);
  return {
    submissions: forms.length,
    inFlight: opts.inFlight,
    seconds,
    perSecond: forms.length / seconds,
    statuses,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    stored,
    repeats: { sent: again.length, sameReference, storedAfter: after.questions },
    putItem: { puts, seconds: putSeconds, perSecond: puts / putSeconds },
  };
}
