/**
 * What every scheduled job does around its work: take the clock from the event (shared/jobs.ts),
 * run, and log the counts it returns (never whose data was touched).
 */
import { config } from '../config.js';
import { jobClock, type JobEvent } from '../jobs.js';
import { logger } from '../observability.js';

export interface JobContext {
  now: Date;
  /** The site's base URL, for links in emails. */
  baseUrl: string;
}

export function jobHandler<R extends object>(done: string, run: (context: JobContext) => Promise<R>) {
  return async (event: JobEvent = {}): Promise<R> => {
    const now = jobClock(event);
    const result = await run({ now, baseUrl: config().PUBLIC_BASE_URL ?? 'http://localhost:3000' });
    logger.info(done, { at: now.toISOString(), ...result });
    return result;
  };
}
