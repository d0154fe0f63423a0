/** Scheduled job (shared/jobs.ts): delete submitters' names and emails once their retention has ended. */
import { purgePersonalData } from '../shared/app/questions.js';
import { jobClock, type JobEvent } from '../shared/jobs.js';
import { logger } from '../shared/observability.js';

export const handler = async (event: JobEvent = {}) => {
  const now = jobClock(event);
  const result = await purgePersonalData(now);
  // Counts only: never log whose data went.
  logger.info('Personal data purge done', result);
  return result;
};
