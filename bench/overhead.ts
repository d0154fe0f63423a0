/**
 * Handler overhead and DynamoDB calls per request, in one process, in a world of a stated size
 * (bench/lib/worlds.ts). Each call takes its success path: its state is made before it, outside the
 * timed part (bench/lib/plans.ts), and the share of calls that answered 2xx/3xx is part of the row.
 * Each handler is called against DynamoDB Local; an SDK middleware records every call it makes
 * (DynamoDB, SES, S3: command, input, start, end). Right after each handler call those same calls
 * are replayed with the bare SDK clients, keeping the handler's concurrency (calls that overlapped
 * are replayed together), so every sample is a pair: the handler, and the raw calls it made.
 * The ratio of medians is what our code costs on top of the calls themselves.
 */
import * as ddbCommands from '@aws-sdk/client-dynamodb';
import * as docCommands from '@aws-sdk/lib-dynamodb';
import * as sesCommands from '@aws-sdk/client-ses';
import * as s3Commands from '@aws-sdk/client-s3';
import { routeList, type RouteDef, type RouteName } from '../shared/routes.js';
import { dynamo, sesClient } from '../shared/aws/clients.js';
import { s3Client } from '../shared/aws/s3.js';
import { localCredentials } from '../infra/local/services.js';
import { LAST } from './lib/world.js';
import type { Endpoints } from '../infra/local/env.js';
import { percentile } from './lib/stats.js';
import { contextOf, handlerOf, type Fresh } from './lib/fresh.js';
import { planOf } from './lib/plans.js';
type Service = 'dynamodb' | 'ses' | 's3';

interface Recorded {
  service: Service;
  command: string;
  input: unknown;
  start: number;
  end: number;
  /** DynamoDB capacity units the call consumed (ReturnConsumedCapacity TOTAL), and whether it reads or writes. */
  units?: number;
  writes?: boolean;
}

export interface OverheadRow {
  route: RouteName;
  kind: RouteDef['kind'];
  method: string;
  calls: number;
  statuses: Record<string, number>;
  handler: { p50: number; p99: number };
  raw: { p50: number; p99: number };
  ratio: number;
  /** DynamoDB calls per request: the most any call made, and the route table's budget. */
  dynamoCalls: number;
  dynamoCommands: string[];
  budget: number;
  otherCalls: string[];
  /** Share of calls that answered 2xx/3xx (1 = all), and how the state was made (once, or before each call). */
  success: number;
  mode: 'once' | 'each';
  /** Response bytes: the largest, and the median. */
  bytes: { max: number; p50: number };
  /** Per call, medians: DynamoDB read and write capacity units; SES sends; S3 requests. */
  perCall: { readUnits: number; writeUnits: number; ses: number; s3: number };
  /** The handler's p50 with the raw replay left out (no replay in this world). */
  replayed: boolean;
  /** The most DynamoDB calls any one call made. */
  world: string;
}

const WRITE_COMMANDS = /^(Put|Update|Delete|BatchWrite|TransactWrite)/;

let recording: Recorded[] | undefined;

const recorded = new Set<unknown>();
function record(service: Service, client: { middlewareStack: { add: (...a: any[]) => void } }) {
  if (recorded.has(client)) return;
  recorded.add(client);
  client.middlewareStack.add(
    (next: (a: any) => Promise<any>, context: { commandName?: string }) => async (args: { input: unknown }) => {
      // At the serialize step the document client has already marshalled: this input replays as is.
      const entry: Recorded = { service, command: context.commandName ?? '', input: structuredClone(args.input), start: performance.now(), end: 0 };
      // Asked of every recorded DynamoDB call (the replay asks the same), for the cost model.
      if (service === 'dynamodb' && recording) (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
      try {
        const result = await next(args);
        if (service === 'dynamodb') {
          const consumed = (result?.output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] } | undefined)?.ConsumedCapacity;
          entry.units = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce((n, c) => n + (c.CapacityUnits ?? 0), 0);
          entry.writes = WRITE_COMMANDS.test(entry.command);
        }
        return result;
      } finally {
        entry.end = performance.now();
        recording?.push(entry);
      }
    },
    { step: 'serialize', priority: 'high', name: `benchRecorder-${service}` },
  );
}

/** Calls that overlapped in the handler (started before the previous ones ended) go together. */
function groups(calls: Recorded[]): Recorded[][] {
  const out: Recorded[][] = [];
  let groupEnd = -Infinity;
  for (const c of [...calls].sort((a, b) => a.start - b.start)) {
    if (out.length && c.start < groupEnd) {
      out.at(-1)!.push(c);
      groupEnd = Math.max(groupEnd, c.end);
    } else {
      out.push([c]);
      groupEnd = c.end;
    }
  }
  return out;
}

/**
 * `apiCalls` / `pageCalls`: calls per read route wanted; `writeCalls`: per route whose state is made
 * before each call; `secondsPerRoute` caps each route's time (handler and replay, not the setup), so
 * the whole section fits the bench's budget on a small machine. `replay`: also time the raw SDK
 * calls (the overhead ratio); without it only the handler is timed.
 */
export async function overhead(
  e: Endpoints,
  opts: {
    world: string;
    fresh: Fresh;
    apiCalls: number;
    pageCalls: number;
    writeCalls: number;
    secondsPerRoute: number;
    minCalls: number;
    replay: boolean;
    only?: string[];
    log: (s: string) => void;
  },
): Promise<OverheadRow[]> {
  const f = opts.fresh;
  record('dynamodb', dynamo());
  record('ses', await sesClient());
  record('s3', await s3Client());
  // The bare clients: the same endpoints and settings, no document client, no app code.
  // DynamoDB calls are recorded as the document client was given them (before its marshalling, which
  // runs later in the serialize step), so they are replayed through a bare document client: the
  // same SDK calls, marshalling and unmarshalling included, without our code. (Until issue 15 the
  // replay sent them to the bare client unmarshalled, which DynamoDB Local refused at once with an
  // InternalFailure: the "raw" figures were of that refusal. Replay errors are now counted and shown.)
  const bareDynamo = new ddbCommands.DynamoDBClient({ endpoint: e.dynamodb, region: 'eu-west-2', credentials: localCredentials });
  const raw: Record<Service, { send(command: unknown): Promise<unknown>; destroy(): void }> = {
    dynamodb: docCommands.DynamoDBDocumentClient.from(bareDynamo, { marshallOptions: { removeUndefinedValues: true } }) as unknown as { send(command: unknown): Promise<unknown>; destroy(): void },
    ses: new sesCommands.SESClient({ endpoint: e.ses, region: 'eu-west-2', credentials: localCredentials }),
    s3: new s3Commands.S3Client({ endpoint: e.s3, region: 'eu-west-2', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } }),
  };
  // The document client's command for each low-level one the middleware sees.
  const docNames: Record<string, string> = {
    GetItemCommand: 'GetCommand', PutItemCommand: 'PutCommand', UpdateItemCommand: 'UpdateCommand', DeleteItemCommand: 'DeleteCommand',
    BatchGetItemCommand: 'BatchGetCommand', BatchWriteItemCommand: 'BatchWriteCommand', TransactGetItemsCommand: 'TransactGetCommand',
    TransactWriteItemsCommand: 'TransactWriteCommand', QueryCommand: 'QueryCommand', ScanCommand: 'ScanCommand',
  };
  const docModule = Object.fromEntries(Object.entries(docNames).map(([low, doc]) => [low, (docCommands as unknown as Record<string, unknown>)[doc]]));
  const modules = { dynamodb: docModule, ses: sesCommands, s3: s3Commands } as unknown as Record<Service, Record<string, new (input: unknown) => any>>;
  // Errors are answers too (a replayed conditional write fails its condition, as fast); counted, by name.
  let replayErrors: Record<string, number> = {};
  const replay = async (calls: Recorded[]) => {
    for (const group of groups(calls)) {
      await Promise.all(
        group.map((c) =>
          raw[c.service].send(new modules[c.service][c.command]!(c.input)).catch((err: Error) => {
            replayErrors[err.name] = (replayErrors[err.name] ?? 0) + 1;
            if (process.env.BENCH_REPLAY_DEBUG) console.log(c.command, err.message, JSON.stringify(c.input).slice(0, 300));
          }),
        ),
      );
    }
  };

  const routes = routeList
    .filter((r) => !opts.only || opts.only.includes(r.name))
    .sort((a, b) => Number(LAST.has(a.name)) - Number(LAST.has(b.name)) || Number(a.method !== 'GET') - Number(b.method !== 'GET'));
  const rows: OverheadRow[] = [];
  for (const route of routes) {
    const handler = await handlerOf(route.name);
    const plan = planOf(route.name);
    const wanted = plan.mode === 'each' ? opts.writeCalls : route.kind === 'api' ? opts.apiCalls : opts.pageCalls;
    let n = wanted;
    let timed = 0;
    const handlerTimes: number[] = [];
    const rawTimes: number[] = [];
    const bytes: number[] = [];
    const statuses: Record<string, number> = {};
    const samples: Recorded[][] = [];
    const failures: string[] = [];
    replayErrors = {};
    // A setup that fails is the route's failure too: counted, shown, and the route moves on.
    const prepare = async () => {
      try {
        return await plan.prepare(f);
      } catch (err) {
        statuses.setup = (statuses.setup ?? 0) + 1;
        if (failures.length < 3) failures.push(`setup: ${(err as Error).message.slice(0, 300)}`);
        return undefined;
      }
    };
    let shared = plan.mode === 'once' ? await prepare() : undefined;
    // Warm-up calls load templates and open connections; at the stress size (no replay) one is
    // enough, as a call there can take seconds.
    const warmUp = !opts.replay ? 1 : plan.mode === 'each' ? 2 : 5;
    for (let i = -warmUp; i < n; i++) {
      if (plan.mode === 'once' && !shared) break;
      // After the warm-up: as many calls as fit the route's time, at least minCalls, at most wanted.
      if (i === 3 && n > 3) n = Math.min(wanted, Math.max(opts.minCalls, Math.floor((opts.secondsPerRoute * 1000) / (timed / 3))));
      const prepared = shared ?? (await prepare());
      if (!prepared) break;
      const event = f.event(route.name, prepared);
      const context = contextOf(route.name);
      recording = [];
      const t0 = performance.now();
      const result = await handler(event, context);
      const t1 = performance.now();
      const calls = recording;
      recording = undefined;
      const r0 = performance.now();
      if (opts.replay) await replay(calls);
      const r1 = performance.now();
      if (i < 0) continue; // warm-up: the first calls load templates and open connections
      timed += t1 - t0 + (r1 - r0);
      handlerTimes.push(t1 - t0);
      rawTimes.push(r1 - r0);
      const body = result.body ?? '';
      bytes.push(Buffer.byteLength(body, result.isBase64Encoded ? 'base64' : 'utf8'));
      const status = String(result.statusCode ?? 200);
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (Number(status) >= 400 && failures.length < 3) failures.push(`${status}: ${body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 200)}`);
      samples.push(calls);
    }
    shared = undefined;
    const most = samples.reduce<Recorded[]>((m, c) => (c.filter((x) => x.service === 'dynamodb').length > m.filter((x) => x.service === 'dynamodb').length ? c : m), samples[0] ?? []);
    const dynamoCalls = most.filter((c) => c.service === 'dynamodb');
    const ok = Object.entries(statuses).filter(([s]) => Number(s) < 400).reduce((a, [, c]) => a + c, 0);
    const med = (xs: number[]) => percentile(xs, 50);
    const row: OverheadRow = {
      route: route.name,
      kind: route.kind,
      method: route.method,
      calls: handlerTimes.length,
      statuses,
      handler: { p50: percentile(handlerTimes, 50), p99: percentile(handlerTimes, 99) },
      raw: { p50: percentile(rawTimes, 50), p99: percentile(rawTimes, 99) },
      ratio: percentile(handlerTimes, 50) / percentile(rawTimes, 50),
      dynamoCalls: dynamoCalls.length,
      dynamoCommands: dynamoCalls.map((c) => c.command.replace(/Command$/, '')),
      budget: route.dynamoCalls,
      otherCalls: most.filter((c) => c.service !== 'dynamodb').map((c) => `${c.service}:${c.command.replace(/Command$/, '')}`),
      success: handlerTimes.length && !statuses.setup ? ok / handlerTimes.length : 0,
      mode: plan.mode,
      bytes: { max: Math.max(0, ...bytes), p50: med(bytes) },
      perCall: {
        readUnits: med(samples.map((c) => c.filter((x) => x.service === 'dynamodb' && !x.writes).reduce((a, x) => a + (x.units ?? 0), 0))),
        writeUnits: med(samples.map((c) => c.filter((x) => x.service === 'dynamodb' && x.writes).reduce((a, x) => a + (x.units ?? 0), 0))),
        ses: med(samples.map((c) => c.filter((x) => x.service === 'ses').length)),
        s3: med(samples.map((c) => c.filter((x) => x.service === 's3').length)),
      },
      replayed: opts.replay,
      world: opts.world,
    };
    (row as OverheadRow & { failures?: string[]; replayErrors?: Record<string, number> }).failures = failures;
    (row as OverheadRow & { replayErrors?: Record<string, number> }).replayErrors = replayErrors;
    rows.push(row);
    opts.log(
      `  ${route.name.padEnd(30)} ${String(row.calls).padStart(5)} calls (${plan.mode})  handler p50 ${row.handler.p50.toFixed(2)} ms` +
        (opts.replay ? `  raw p50 ${row.raw.p50.toFixed(2)} ms  ${row.ratio.toFixed(2)}x${Object.keys(replayErrors).length ? ` (replay errors ${JSON.stringify(replayErrors)})` : ''}` : '') +
        `  ${(row.success * 100).toFixed(0)}% ok ${JSON.stringify(statuses)}  ${(row.bytes.max / 1024).toFixed(1)} KB` +
        (failures.length ? `\n      ${failures.join('\n      ')}` : ''),
    );
  }
  for (const c of Object.values(raw)) c.destroy();
  bareDynamo.destroy();
  return rows;
}
