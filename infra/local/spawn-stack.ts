/**
 * Starts the whole local stack in a child process exactly as `npm start` does, but in memory, on
 * free ports and without the scheduled jobs (`infra/local/start.ts --memory --port 0 --no-jobs --json`),
 * and resolves with its endpoints once it is ready. The test suite's global setup and the bench both
 * use it. Its stack file is a temporary one of its own (`stackFile`), never `.local/stack.json`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Endpoints } from './env.js';

export interface SpawnedStack {
  endpoints: Endpoints;
  /** Where it wrote where everything runs (give it to a script as SCRUTINY_STACK_FILE). */
  stackFile: string;
  stop(): Promise<void>;
}

/**
 * `env` adds settings for the stack's functions. `output: 'show'` passes the stack's own output
 * through (the tests show it beside their results); `'quiet'` keeps only the tail of stderr, for
 * the error if the stack fails to start (the bench prints tables).
 */
export async function spawnLocalStack(opts: { env?: Record<string, string>; output: 'show' | 'quiet' }): Promise<SpawnedStack> {
  const show = opts.output === 'show';
  const stackFile = join(tmpdir(), `scrutiny-stack-${randomBytes(6).toString('hex')}.json`);
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts', '--memory', '--port', '0', '--no-jobs', '--json'], {
    stdio: ['ignore', 'pipe', show ? 'inherit' : 'pipe'],
    env: { ...process.env, NODE_NO_WARNINGS: '1', ...opts.env, SCRUTINY_STACK_FILE: stackFile },
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  const endpoints = await new Promise<Endpoints>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The local stack did not start within 90 s\n${stderr}`)), 90_000);
    child.once('exit', (code) => reject(new Error(`The local stack exited with code ${code} before it was ready\n${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('{"ready"')) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { ready: Endpoints }).ready);
      } else if (show) {
        console.log(line);
      }
    });
  });
  return {
    endpoints,
    stackFile,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
