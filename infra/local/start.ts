/**
 * `npm start`: DynamoDB Local (data kept in .local/dynamodb), the SES emulator (web view of every
 * email), the S3 emulator, the table, the local token issuer and the app on http://localhost:3000.
 * Ctrl-C stops every child process.
 *
 * Flags: --memory (keep no data, and run the stand-ins on free ports), --port N (0 = any free port),
 * --now <London time> (a fixed clock for demos), --no-jobs (do not run the scheduled jobs; the test
 * harness), --json (print the endpoints as one JSON line; the test harness reads it).
 *
 * Once everything is up it writes where everything runs to .local/stack.json (infra/local/stack-file.ts),
 * which `npm run seed`, `token`, `job`, `remind` and `invoke` read; a clean stop removes it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureTable, freePort, startDynamo, startS3, startSes, type Stoppable } from './services.js';
import { LOCAL_KEY_DIR, localIssuer } from './issuer.js';
import { startLocalServer } from './server.js';
import { useLocalEnv, type Endpoints } from './env.js';
import { Cron } from 'croner';
import { precompileViews } from '../tools/precompile-views.js';
import { buildStyles } from '../tools/build-styles.js';
import { scheduledJobs, type JobEvent, type JobSchedule } from '../../shared/jobs.js';
import { parseLondonLocal } from '../../shared/domain/time.js';
import { removeStack, runningStack, stackFilePath, writeStack } from './stack-file.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
export const LOCAL_TABLE = 'scrutiny-cycle';
export const LOCAL_BUCKET = 'scrutiny-papers';

const { values: args } = parseArgs({
  options: {
    memory: { type: 'boolean', default: false },
    port: { type: 'string', default: process.env.PORT ?? '3000' },
    now: { type: 'string' },
    'no-jobs': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

const stops: (() => Promise<void>)[] = [];
async function stopAll() {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
}

async function main() {
  const memory = args.memory;
  const runJobs = !args['no-jobs'];
  // --now is London wall-clock time (or an instant with Z or an offset), as the clock header is.
  const now = args.now === undefined ? undefined : parseLondonLocal(args.now);
  const other = runningStack();
  if (other) {
    throw new Error(`npm start is already running (process ${other.pid}, ${other.app}). Stop it first (Ctrl-C in its terminal), or set SCRUTINY_STACK_FILE to another file to run a second one.`);
  }
  const pick = async (fixed: number) => (memory ? freePort() : fixed);
  const appPort = Number(args.port) === 0 ? await freePort() : Number(args.port);
  const [dynamoPort, sesPort, s3Port] = [await pick(8000), await pick(8005), await pick(4569)];
  const dataDir = join(root, '.local');
  precompileViews(); // the templates, compiled into .build/views as a Lambda bundle carries them
  buildStyles(); // the stylesheet, compiled into .build/assets

  const started = (s: Stoppable) => (stops.push(s.stop), s);
  const dynamo = started(await startDynamo(dynamoPort, memory ? undefined : join(dataDir, 'dynamodb')));
  const ses = started(await startSes(sesPort));
  const s3Dir = memory ? mkdtempSync(join(tmpdir(), 'scrutiny-s3-')) : join(dataDir, 's3');
  if (memory) stops.push(async () => rmSync(s3Dir, { recursive: true, force: true }));
  const s3 = started(await startS3(s3Port, s3Dir, LOCAL_BUCKET));
  await ensureTable(dynamo.url, LOCAL_TABLE);

  const baseUrl = `http://localhost:${appPort}`;
  const issuer = await localIssuer(baseUrl, LOCAL_KEY_DIR);
  const endpoints: Endpoints = { app: baseUrl, dynamodb: dynamo.url, ses: ses.url, s3: s3.url, table: LOCAL_TABLE, bucket: LOCAL_BUCKET };
  useLocalEnv(endpoints);
  const app = await startLocalServer({ port: appPort, issuer, now });
  stops.push(app.close);
  if (runJobs) scheduleJobs(now);
  writeStack({ ...endpoints, jobs: runJobs, ...(now ? { now } : {}), memory, pid: process.pid, startedAt: new Date().toISOString() });
  stops.push(async () => removeStack()); // runs first on stop: readers see at once that it is going

  if (args.json) {
    console.log(JSON.stringify({ ready: endpoints }));
  } else {
    const jobs = runJobs
      ? `Scheduled jobs (London time): ${scheduledJobs.map((j) => `${j.name} "${cronOf(j.schedule)}"`).join(', ')}${now ? ' (each run sees the fixed clock)' : ''}`
      : 'Scheduled jobs: not running (--no-jobs). Run one with: npm run job -- <name> --at <London time>';
    console.log(`
scrutiny-cycle is running locally${now ? ` (clock fixed at ${args.now} London time, ${now})` : ''}

  Public site        ${app.url}/
  Staff sign-in      ${app.url}/sign-in   (engagement.manager@example.org / scrutiny-local)
  API (OpenAPI)      ${app.url}/api/openapi.json
  Emails sent (SES)  ${ses.url}/
  DynamoDB Local     ${dynamo.url}   table "${LOCAL_TABLE}"${memory ? ' (in memory)' : ' (data in .local/dynamodb)'}
  S3 emulator        ${s3.url}   bucket "${LOCAL_BUCKET}"

${jobs}

Where everything runs is in ${stackFilePath()}: npm run seed, token, job and remind read it.
Press Ctrl-C to stop everything.`);
  }
}

/** EventBridge Scheduler's cron fields as a standard five-field expression for croner. */
const cronOf = (s: JobSchedule) => [s.minute, s.hour, s.day ?? '*', s.month ?? '*', s.weekDay ?? '*'].map((f) => (f === '?' ? '*' : f)).join(' ');

/**
 * Runs each job in shared/jobs.ts that has a schedule on it, in Europe/London time, as EventBridge
 * Scheduler does in AWS: the same handler, in this process. With --now the job sees that fixed clock.
 * Jobs fed only by events (SES notifications) do not run here; `npm run job` runs any job once.
 */
function scheduleJobs(now?: string) {
  for (const job of scheduledJobs) {
    const cron = new Cron(cronOf(job.schedule), { timezone: job.timeZone, protect: true }, async () => {
      try {
        const { handler } = (await import(pathToFileURL(join(root, 'functions', `${job.name}.ts`)).href)) as { handler: (e: JobEvent) => Promise<unknown> };
        console.log(`${new Date().toISOString()} ${job.name}: ${JSON.stringify(await handler(now ? { now } : {}))}`);
      } catch (error) {
        console.error(`${new Date().toISOString()} ${job.name} failed (the next run tries again):`, error);
      }
    });
    stops.push(async () => cron.stop());
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void stopAll().then(() => process.exit(0)));
}

main().catch(async (error) => {
  console.error(`Could not start: ${(error as Error).message}`);
  await stopAll();
  process.exit(1);
});
