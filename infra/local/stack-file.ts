/**
 * Where a running `npm start` is: `.local/stack.json`, written (atomically) once everything is up
 * and removed on a clean stop. `npm run seed`, `token`, `job`, `remind` and `invoke` read it, so they
 * reach the product on whatever ports `npm start` chose (`--port`, `--memory`'s free ports).
 * `SCRUTINY_STACK_FILE` names another file (the test suite's own stacks use one each, so they never
 * touch the one of a product started by hand).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Endpoints } from './env.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');

export interface StackInfo extends Endpoints {
  /** Whether the scheduled jobs run on their schedules in `npm start`'s process. */
  jobs: boolean;
  /** The fixed clock of `--now`, as a UTC instant, if any. */
  now?: string;
  /** `--memory`: no data kept. */
  memory: boolean;
  /** The process that serves it all (its liveness tells a stale file from a running product). */
  pid: number;
  startedAt: string;
}

export const stackFilePath = () => resolve(process.env.SCRUTINY_STACK_FILE || join(root, '.local', 'stack.json'));

export const NOT_RUNNING = 'The product is not running. Start the product first with npm start (in another terminal), then run this again.';

export class StackNotRunningError extends Error {
  override name = 'StackNotRunningError';
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The file's content if the `npm start` that wrote it still runs; undefined otherwise. */
export function runningStack(path = stackFilePath()): StackInfo | undefined {
  if (!existsSync(path)) return undefined;
  let info: StackInfo;
  try {
    info = JSON.parse(readFileSync(path, 'utf8')) as StackInfo;
  } catch {
    return undefined;
  }
  return typeof info.pid === 'number' && alive(info.pid) ? info : undefined;
}

/** The running stack, or a StackNotRunningError saying to start it. */
export function readStack(path = stackFilePath()): StackInfo {
  const info = runningStack(path);
  if (!info) {
    const stale = existsSync(path) ? ` (${path} is left from an npm start that has stopped)` : '';
    throw new StackNotRunningError(`${NOT_RUNNING}${stale}`);
  }
  return info;
}

/** Written to a temporary file, then renamed: a reader never sees half a file. */
export function writeStack(info: StackInfo, path = stackFilePath()): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(info, null, 2)}\n`);
  renameSync(tmp, path);
}

/** Removes the file if it is this process's (another `npm start` may have written its own since). */
export function removeStack(pid = process.pid, path = stackFilePath()): void {
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as StackInfo;
    if (info.pid === pid) rmSync(path, { force: true });
  } catch {
    // Not there, or not ours to remove.
  }
}

/** The flags with which `npm run job` and `npm run invoke` may name a service themselves. */
export const endpointFlags = {
  app: { type: 'string' },
  dynamodb: { type: 'string' },
  ses: { type: 'string' },
  s3: { type: 'string' },
  table: { type: 'string' },
  bucket: { type: 'string' },
} as const;

/**
 * The services of the running `npm start`, each replaced by its flag if given. Without a running
 * product every flag must be given (StackNotRunningError otherwise).
 */
export function stackEndpoints(flags: Partial<Record<keyof Endpoints, string | undefined>>): Endpoints & { now?: string } {
  const names = Object.keys(endpointFlags) as (keyof Endpoints)[];
  const given = Object.fromEntries(names.filter((n) => flags[n]).map((n) => [n, flags[n]!])) as Partial<Endpoints>;
  const stack = names.every((n) => given[n]) ? undefined : readStack();
  const e = { ...(stack ?? {}), ...given } as Endpoints & { now?: string };
  return { app: e.app.replace(/\/+$/, ''), dynamodb: e.dynamodb, ses: e.ses, s3: e.s3, table: e.table, bucket: e.bucket, ...(stack?.now ? { now: stack.now } : {}) };
}
