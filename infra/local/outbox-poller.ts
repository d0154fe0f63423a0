/**
 * The local stand-in for the table stream that feeds the outbox sender in AWS: every OUTBOX_POLL_MS
 * (200 ms by default; 0 = off, for a test that drives the sender itself) the local server runs the
 * `send-outbox` function's own handler as its schedule does, in this process, so pending emails go
 * within a moment of being written and retries go when they are due. One run at a time.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { config } from '../../shared/config.js';
import type { JobEvent } from '../../shared/jobs.js';

type Sender = (event: JobEvent) => Promise<unknown>;

/** Starts polling; `fixedNow` (a demo's fixed clock) advances with real time from the start. Answers a stop function. */
export function startOutboxPoller(root: string, fixedNow?: string): () => Promise<void> {
  const every = config().OUTBOX_POLL_MS;
  if (!every) return async () => undefined;
  const started = Date.now();
  const clock = () => (fixedNow ? { now: new Date(Date.parse(fixedNow) + (Date.now() - started)).toISOString() } : {});
  let running: Promise<void> | undefined;
  let sender: Promise<Sender> | undefined;
  const tick = () => {
    if (running) return;
    running = (async () => {
      sender ??= import(pathToFileURL(join(root, 'functions', 'send-outbox.ts')).href).then((m: { handler: Sender }) => m.handler);
      await (await sender)(clock());
    })()
      .catch((error: unknown) => console.error('Outbox sender failed (the next poll tries again):', error))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, every);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
