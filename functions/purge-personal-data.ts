/** Scheduled job (shared/jobs.ts): delete submitters' names and emails once their retention has ended. */
import { jobHandler } from '../shared/app/jobs.js';
import { purgePersonalData } from '../shared/app/questions.js';

export const handler = jobHandler('Personal data purge done', ({ now }) => purgePersonalData(now));
