/**
 * Handler overhead and DynamoDB calls per request, in one process. Each handler is called with its
 * sample event (real ids) against DynamoDB Local; an SDK middleware records every call it makes
 * (DynamoDB, SES, S3: command, input, start, end). Right after each handler call those same calls
 * are replayed with the bare SDK clients, keeping the handler's concurrency (calls that overlapped
 * are replayed together), so every sample is a pair: the handler, and the raw calls it made.
 * The ratio of medians is what our code costs on top of the calls themselves.
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as ddbCommands from '@aws-sdk/client-dynamodb';
import * as sesCommands from '@aws-sdk/client-ses';
import * as s3Commands from '@aws-sdk/client-s3';
import { routeList, type RouteDef, type RouteName } from '../shared/routes.js';
import { resetConfig } from '../shared/config.js';
import { dynamo, sesClient } from '../shared/aws/clients.js';
import { s3Client } from '../shared/aws/s3.js';
import { localCredentials } from '../infra/local/services.js';
import { eventOf, functionEnv, LAST, makeCycle, type Cycle } from './lib/world.js';
import type { Endpoints } from '../infra/local/env.js';
import { percentile } from './lib/stats.js';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
type Service = 'dynamodb' | 'ses' | 's3';

interface Recorded {
  service: Service;
  command: string;
  input: unknown;
  start: number;
  end: number;
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
}

let recording: Recorded[] | undefined;

function record(service: Service, client: { middlewareStack: { add: (...a: any[]) => void } }) {
  client.middlewareStack.add(
    (next: (a: any) => Promise<any>, context: { commandName?: string }) => async (args: { input: unknown }) => {
      // At the serialize step the document client has already marshalled: this input replays as is.
      const entry: Recorded = { service, command: context.commandName ?? '', input: structuredClone(args.input), start: performance.now(), end: 0 };
      try {
        return await next(args);
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
 * `apiCalls` / `pageCalls`: calls per route wanted; `secondsPerRoute` caps each route's time (handler
 * and replay), so the whole section fits the bench's budget on a small machine. The calls a route
 * actually got are in its row and printed.
 */
export async function overhead(
  e: Endpoints,
  opts: { apiCalls: number; pageCalls: number; secondsPerRoute: number; minCalls: number; only?: string[]; log: (s: string) => void },
): Promise<OverheadRow[]> {
  Object.assign(process.env, functionEnv(e), { QUESTION_RATE_LIMIT_PER_HOUR: '1000000', QUESTION_ACKS_PER_HOUR: '1000000', OUTBOX_SEND_RATE_PER_SECOND: '1000' });
  resetConfig();
  const cycle: Cycle = await makeCycle(e);
  record('dynamodb', dynamo());
  record('ses', await sesClient());
  record('s3', await s3Client());
  // The bare clients: the same endpoints and settings, no document client, no app code.
  const raw: Record<Service, { send(command: unknown): Promise<unknown>; destroy(): void }> = {
    dynamodb: new ddbCommands.DynamoDBClient({ endpoint: e.dynamodb, region: 'eu-west-2', credentials: localCredentials }),
    ses: new sesCommands.SESClient({ endpoint: e.ses, region: 'eu-west-2', credentials: localCredentials }),
    s3: new s3Commands.S3Client({ endpoint: e.s3, region: 'eu-west-2', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } }),
  };
  const modules = { dynamodb: ddbCommands, ses: sesCommands, s3: s3Commands } as unknown as Record<Service, Record<string, new (input: unknown) => any>>;
  const replay = async (calls: Recorded[]) => {
    for (const group of groups(calls)) {
      // Errors are answers too (a replayed conditional write fails its condition, as fast).
      await Promise.all(group.map((c) => raw[c.service].send(new modules[c.service][c.command]!(c.input)).catch(() => undefined)));
    }
  };

  const routes = routeList
    .filter((r) => !opts.only || opts.only.includes(r.name))
    .sort((a, b) => Number(LAST.has(a.name)) - Number(LAST.has(b.name)) || Number(a.method !== 'GET') - Number(b.method !== 'GET'));
  const rows: OverheadRow[] = [];
  for (const route of routes) {
    const { handler } = (await import(pathToFileURL(join(process.cwd(), 'functions', `${route.name}.ts`)).href)) as { handler: Handler };
    const wanted = route.kind === 'api' ? opts.apiCalls : opts.pageCalls;
    let n = wanted;
    let warmStart = 0;
    const handlerTimes: number[] = [];
    const rawTimes: number[] = [];
    const statuses: Record<string, number> = {};
    let most: Recorded[] = [];
    for (let i = -5; i < n; i++) {
      if (i === -3) warmStart = performance.now();
      // After the warm-up: as many calls as fit the route's time, at least minCalls, at most wanted.
      if (i === 0) n = Math.min(wanted, Math.max(opts.minCalls, Math.floor((opts.secondsPerRoute * 1000) / ((performance.now() - warmStart) / 3))));
      const event = eventOf(route.name, cycle, e);
      const context = { functionName: route.name, awsRequestId: randomUUID(), getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
      recording = [];
      const t0 = performance.now();
      const result = await handler(event, context);
      const t1 = performance.now();
      const calls = recording;
      recording = undefined;
      const r0 = performance.now();
      await replay(calls);
      const r1 = performance.now();
      if (i < 0) continue; // warm-up: the first calls load templates and open connections
      handlerTimes.push(t1 - t0);
      rawTimes.push(r1 - r0);
      const status = String(result.statusCode ?? 200);
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (calls.filter((c) => c.service === 'dynamodb').length > most.filter((c) => c.service === 'dynamodb').length || !most.length) most = calls;
    }
    const dynamoCalls = most.filter((c) => c.service === 'dynamodb');
    const row: OverheadRow = {
      route: route.name,
      kind: route.kind,
      method: route.method,
      calls: n,
      statuses,
      handler: { p50: percentile(handlerTimes, 50), p99: percentile(handlerTimes, 99) },
      raw: { p50: percentile(rawTimes, 50), p99: percentile(rawTimes, 99) },
      ratio: percentile(handlerTimes, 50) / percentile(rawTimes, 50),
      dynamoCalls: dynamoCalls.length,
      dynamoCommands: dynamoCalls.map((c) => c.command.replace(/Command$/, '')),
      budget: route.dynamoCalls,
      otherCalls: most.filter((c) => c.service !== 'dynamodb').map((c) => `${c.service}:${c.command.replace(/Command$/, '')}`),
    };
    rows.push(row);
    opts.log(`  ${route.name.padEnd(28)} ${String(n).padStart(5)} calls  handler p50 ${row.handler.p50.toFixed(2)} ms  raw p50 ${row.raw.p50.toFixed(2)} ms  ${row.ratio.toFixed(2)}x  ${JSON.stringify(statuses)}`);
  }
  for (const c of Object.values(raw)) c.destroy();
  return rows;
}
