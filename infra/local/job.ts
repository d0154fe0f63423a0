/**
 * `npm run job -- <job-name> [--at 2023-01-01T03:00]`: runs one job of the job table (shared/jobs.ts)
 * once, in this process, against the services of the running `npm start` (found in .local/stack.json,
 * whatever its options), as its schedule would — with the clock set to `--at` (London wall-clock
 * time, or an instant with Z / an offset; default: `npm start`'s fixed clock if it has one, else now).
 * A job fed by events (the outbox's stream, SES notifications) takes one from a file with
 * `--event event.json` instead; without it, it gets the scheduled `{ now }` event. With no name it lists the jobs.
 *
 * Flags --app (the base URL for links in emails), --dynamodb, --ses, --s3, --table, --bucket name a
 * service instead of the running product's (all six: no `npm start` needed).
 * Prints what the job returned; exits 1 if it threw, 2 on a usage error or no running product.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { precompileViews } from '../tools/precompile-views.js';
import { jobs, jobList, scheduleExpression, type JobDef, type JobEvent } from '../../shared/jobs.js';
import { useLocalEnv } from './env.js';
import { parseLondonLocal } from '../../shared/domain/time.js';
import { endpointFlags, stackEndpoints } from './stack-file.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const usage = 'Usage: npm run job -- <job-name> [--at 2023-01-01T03:00 | --event event.json] [--dynamodb URL] [--ses URL] [--table NAME]';

/** What runs a job in AWS: its schedule, the table stream, SES notifications. */
function feedsOf(job: JobDef): string {
  const feeds = [
    job.schedule ? `${scheduleExpression(job.schedule)} ${job.timeZone}` : undefined,
    job.stream ? `table stream (${job.stream.entity} records written ${job.stream.status})` : undefined,
    job.mailEvents ? 'SES bounce and complaint notifications' : undefined,
  ];
  return feeds.filter(Boolean).join(' + ');
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

async function main() {
  const { values: args, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      at: { type: 'string' },
      event: { type: 'string' },
      ...endpointFlags,
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const list = jobList.map((j) => `  ${j.name}  ${feedsOf(j)}: ${j.summary}`).join('\n');
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

  let endpoints: ReturnType<typeof stackEndpoints>;
  try {
    endpoints = stackEndpoints(args);
  } catch (e) {
    fail((e as Error).message);
  }
  now ??= endpoints.now;

  // The environment and compiled templates the local runtime gives functions (see infra/local/start.ts).
  precompileViews();
  useLocalEnv(endpoints);

  const { handler } = (await import(pathToFileURL(file).href)) as { handler: (event: unknown) => Promise<unknown> };
  let event: unknown = now ? ({ now } satisfies JobEvent) : {};
  if (args.event) {
    try {
      event = JSON.parse(readFileSync(args.event, 'utf8'));
    } catch (e) {
      fail(`--event ${args.event}: ${(e as Error).message}`);
    }
  }
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
