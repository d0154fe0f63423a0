/**
 * What every scheduled job does around its work: take the clock from the event (shared/jobs.ts),
 * run, and log the counts it returns (never whose data was touched).
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { config } from '../config.js';
import { jobClock, type JobEvent } from '../jobs.js';
import { logger } from '../observability.js';

export interface JobContext {
  now: Date;
  /** The site's base URL, for links in emails. */
  baseUrl: string;
  /** The time left before the function's timeout (the Lambda context's), when run as a Lambda function. */
  timeLeft?: () => number;
}

export function jobHandler<R extends object>(done: string, run: (context: JobContext) => Promise<R>) {
  return async (event: JobEvent = {}, context?: { getRemainingTimeInMillis(): number }): Promise<R> => {
    const now = jobClock(event);
    const result = await run({ now, baseUrl: config().PUBLIC_BASE_URL ?? 'http://localhost:3000', ...(context ? { timeLeft: () => context.getRemainingTimeInMillis() } : {}) });
    logger.info(done, { at: now.toISOString(), ...result });
    return result;
  };
}

/** The outbox sender stops taking new emails this long before its function's timeout. */
const OUTBOX_STOP_BEFORE_MS = 20_000;

/**
 * The outbox sender (`send-outbox`): a batch from the table's stream (each pending email as it is
 * written; answers the records it could not process) or a scheduled sweep of every email due. A job
 * event's `now` fixes the clock; otherwise each claim takes the time it is made.
 */
export function outboxHandler(send: {
  stream: (event: DynamoDBStreamEvent, clock: () => Date) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
  sweep: (clock: () => Date, stopAt: number) => Promise<Record<string, number>>;
}) {
  return async (event: JobEvent | DynamoDBStreamEvent = {}, context?: { getRemainingTimeInMillis(): number }) => {
    if ('Records' in event) return send.stream(event, () => new Date());
    const fixed = event.now !== undefined ? jobClock(event) : undefined;
    const clock = () => fixed ?? new Date();
    const stopAt = context ? Date.now() + context.getRemainingTimeInMillis() - OUTBOX_STOP_BEFORE_MS : Number.POSITIVE_INFINITY;
    const result = await send.sweep(clock, stopAt);
    // Logged when it did something: locally the poller sweeps five times a second.
    if (Object.values(result).some((n) => n !== 0)) logger.info('Outbox sweep done', { at: clock().toISOString(), ...result });
    return result;
  };
}
