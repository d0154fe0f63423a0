/**
 * Starts the whole local stack once — DynamoDB Local, the SES and S3 emulators and the local
 * server — exactly as `npm start` does (same script, in-memory data, free ports), and hands the
 * endpoints to the tests.
 */
import type { TestProject } from 'vitest/node';
import type { Endpoints } from '../../infra/local/env.js';
import { spawnLocalStack } from '../../infra/local/spawn-stack.js';

declare module 'vitest' {
  export interface ProvidedContext {
    endpoints: Endpoints;
  }
}

export default async function setup(project: TestProject) {
  const stack = await spawnLocalStack({ output: 'show', env: { OUTBOX_SEND_RATE_PER_SECOND: '1000' } });
  project.provide('endpoints', stack.endpoints);
  return stack.stop;
}
