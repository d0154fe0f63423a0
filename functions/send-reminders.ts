/** The reminder sweep job (shared/jobs.ts): hourly in working hours, Europe/London. */
import { config } from '../shared/config.js';
import { jobClock, type JobEvent } from '../shared/jobs.js';
import { sweep } from '../shared/app/reminders.js';
import { logger } from '../shared/observability.js';

export const handler = async (event: JobEvent) => {
  const now = jobClock(event);
  const result = await sweep(now, config().PUBLIC_BASE_URL ?? 'http://localhost:3000');
  logger.info('Reminder sweep', { at: now.toISOString(), ...result });
  return result;
};
