/** Job fed by SES bounce and complaint notifications through SNS (shared/jobs.ts): a hard bounce or a complaint suppresses the address. */
import type { SNSEvent } from 'aws-lambda';
import { recordMailEvents } from '../shared/app/mail-events.js';

export const handler = (event: SNSEvent) => recordMailEvents(event, new Date());
