/**
 * `npm run job -- <job-name> [--at 2023-01-01T03:00]`: runs one scheduled job (shared/jobs.ts) once,
 * in this process, against the services of a running `npm start`, as the schedule would — with the
 * clock set to `--at` (London wall-clock time, or an instant with Z / an offset; default: now).
 *
 * Flags (defaults are what `npm start` uses): --dynamodb http://127.0.0.1:8000,
 * --ses http://127.0.0.1:8005, --s3 http://127.0.0.1:4569, --table scrutiny-cycle,
 * --bucket scrutiny-papers, --app http://localhost:3000 (the base URL for links in emails).
 * Prints what the job returned; exits 1 if it threw.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { precompileViews } from '../tools/precompile-views.js';
import { jobs, jobList, scheduleExpression, type JobEvent } from '../../shared/jobs.js';
import { useLocalEnv } from './env.js';
import { parseLondonLocal } from '../../shared/domain/time.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const usage = 'Usage: npm run job -- <job-name> [--at 2023-01-01T03:00] [--dynamodb URL] [--ses URL] [--table NAME]';

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

async function main() {
  const { values: args, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      at: { type: 'string' },
      app: { type: 'string', default: 'http://localhost:3000' },
      dynamodb: { type: 'string', default: 'http://127.0.0.1:8000' },
      ses: { type: 'string', default: 'http://127.0.0.1:8005' },
      s3: { type: 'string', default: 'http://127.0.0.1:4569' },
      table: { type: 'string', default: 'scrutiny-cycle' },
      bucket: { type: 'string', default: 'scrutiny-papers' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const list = jobList.map((j) => `  ${j.name}  ${scheduleExpression(j.schedule)} ${j.timeZone}: ${j.summary}`).join('\n');
  if (args.help) {
    console.log(`${usage}\n\nJobs:\n${list}`);
    return;
  }
  const [name] = positionals;
  if (!name) fail(`${usage}\n\nJobs:\n${list}`);
  if (!(name in jobs)) fail(`No job named "${name}". Jobs:\n${list}`);
  const file = join(root, 'functions', `${name}.ts`);
  if (!existsSync(file)) fail(`functions/${name}.ts does not exist (yet).`);

  let now: string | undefined;
  if (args.at) {
    try {
      now = parseLondonLocal(args.at);
    } catch (e) {
      fail((e as Error).message);
    }
  }

  // The environment and compiled templates the local runtime gives functions (see infra/local/start.ts).
  precompileViews();
  useLocalEnv({ app: args.app!.replace(/\/+$/, ''), dynamodb: args.dynamodb!, ses: args.ses!, s3: args.s3!, table: args.table!, bucket: args.bucket! });

  const { handler } = (await import(pathToFileURL(file).href)) as { handler: (event: JobEvent) => Promise<unknown> };
  const event: JobEvent = now ? { now } : {};
  const started = performance.now();
  const result = await handler(event);
  console.log(`${name} at ${now ?? new Date().toISOString()} (${Math.round(performance.now() - started)} ms)`);
  console.log(JSON.stringify(result, null, 2));
}

main()
  .catch((error) => {
    console.error('The job threw (the scheduler would retry it, then send the event to the dead-letter queue):');
    console.error(error);
    process.exitCode = 1;
  })
  // AWS SDK clients keep sockets open; a one-off run is done once it has printed.
  .finally(() => process.exit());
