/**
 * The bench's own local stack, started exactly as the test suite starts it (infra/local/start.ts
 * --memory --port 0 --json): DynamoDB Local, the SES and S3 emulators and the local server on
 * free ports, with settings of the bench's choosing passed through the environment.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

import type { Endpoints } from '../../infra/local/env.js';

export type { Endpoints };

export async function startStack(env: Record<string, string>): Promise<{ endpoints: Endpoints; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts', '--memory', '--port', '0', '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_NO_WARNINGS: '1', POWERTOOLS_LOG_LEVEL: 'ERROR', ...env },
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  const endpoints = await new Promise<Endpoints>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The local stack did not start within 90 s\n${stderr}`)), 90_000);
    child.once('exit', (code) => reject(new Error(`The local stack exited with code ${code}\n${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('{"ready"')) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { ready: Endpoints }).ready);
      }
    });
  });
  return {
    endpoints,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
