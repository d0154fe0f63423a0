/** The reminder sweep job (shared/jobs.ts): hourly in working hours, Europe/London. */
import { jobHandler } from '../shared/app/jobs.js';
import { sweep } from '../shared/app/reminders.js';

export const handler = jobHandler('Reminder sweep', ({ now, baseUrl, timeLeft }) => sweep(now, baseUrl, timeLeft ? { timeLeft } : {}));
