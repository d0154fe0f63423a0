/** The outbox sender (shared/jobs.ts): fed by the table's stream, and every minute by its schedule. */
import { outboxHandler } from '../shared/app/jobs.js';
import { sendDue, sendFromStream } from '../shared/app/emails.js';

export const handler = outboxHandler({ stream: sendFromStream, sweep: sendDue });
