/**
 * Starts the whole local stack once — DynamoDB Local, the SES and S3 emulators and the local
 * server — exactly as `npm start` does (same script, in-memory data, free ports), and hands the
 * endpoints to the tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { TestProject } from 'vitest/node';
import type { Endpoints } from '../../infra/local/env.js';

export type { Endpoints };

declare module 'vitest' {
  export interface ProvidedContext {
    endpoints: Endpoints;
  }
}

let child: ChildProcess | undefined;

export default async function setup(project: TestProject) {
  child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts', '--memory', '--port', '0', '--json'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
  const endpoints = await new Promise<Endpoints>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The local stack did not start within 90 s')), 90_000);
    child!.once('exit', (code) => reject(new Error(`The local stack exited with code ${code} before it was ready`)));
    createInterface({ input: child!.stdout! }).on('line', (line) => {
      if (line.startsWith('{"ready"')) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { ready: Endpoints }).ready);
      } else {
        console.log(line);
      }
    });
  });
  project.provide('endpoints', endpoints);
  return async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  };
}
