/**
 * Bounces and complaints (issue 14 §2). SES publishes them (the configuration set's event
 * destination, or an identity's notifications) to SNS, which invokes record-mail-event with one
 * record at a time. A hard bounce or a complaint suppresses each recipient's address; the outbox
 * asks `suppressionStore.find` before each send, and staff see the suppression beside the person
 * or the question's submitter. A new address is a different key, so it is never suppressed.
 *
 * Logs carry counts, the SES message id and the reason, never an address.
 */
import type { SNSEvent } from 'aws-lambda';
import { parseMailNotification } from '../domain/mail-events.js';
import { logger } from '../observability.js';
import { suppressionStore, type Suppression } from '../store/suppressions.js';

export type { Suppression };

export interface MailEventsResult {
  /** Addresses newly suppressed. */
  suppressed: number;
  /** Addresses already suppressed (a repeated notification, or a second bounce): nothing written. */
  alreadySuppressed: number;
  /** Transient or undetermined bounces: logged only. */
  softBounces: number;
  /** Other event types (Delivery, Send…): not ours. */
  ignored: number;
  /** Records that were not an SES notification: logged and skipped. */
  malformed: number;
}

/**
 * Record every SNS record's notification. Bad or unknown messages are logged and skipped (SNS
 * would retry a throw, and they will never parse); a DynamoDB failure throws, so SNS tries again
 * (the record is idempotent: the first suppression of an address stays).
 */
export async function recordMailEvents(event: SNSEvent, now: Date): Promise<MailEventsResult> {
  const result: MailEventsResult = { suppressed: 0, alreadySuppressed: 0, softBounces: 0, ignored: 0, malformed: 0 };
  const records = Array.isArray(event?.Records) ? event.Records : [];
  if (!records.length) {
    logger.warn('Mail event skipped: not an SNS event', { mailEventMalformed: 1 });
    return { ...result, malformed: 1 };
  }
  for (const record of records) {
    const sns = record?.Sns;
    const snsMessageId = typeof sns?.MessageId === 'string' ? sns.MessageId : undefined;
    if (typeof sns?.Message !== 'string') {
      logger.warn('Mail event skipped: the SNS record has no message', { mailEventMalformed: 1, snsMessageId });
      result.malformed++;
      continue;
    }
    const received = sns.Timestamp && !Number.isNaN(Date.parse(sns.Timestamp)) ? new Date(sns.Timestamp) : now;
    const n = parseMailNotification(sns.Message, received);
    switch (n.kind) {
      case 'malformed':
        logger.warn('Mail event skipped: not an SES bounce or complaint notification', { mailEventMalformed: 1, snsMessageId, why: n.why });
        result.malformed++;
        break;
      case 'ignored':
        logger.info('Mail event ignored', { type: n.type, snsMessageId });
        result.ignored++;
        break;
      case 'soft-bounce':
        // SES has retried a transient bounce already; the address may work tomorrow, so nothing is suppressed.
        logger.info('Soft bounce: not suppressed', { bounceType: n.bounceType, bounceSubType: n.bounceSubType, recipients: n.recipientCount, sesMessageId: n.messageId });
        result.softBounces++;
        break;
      case 'suppress':
        for (const r of n.recipients) {
          const written = await suppressionStore.record({ email: r.email, reason: n.reason, detail: r.detail, at: n.at, ...(n.messageId ? { messageId: n.messageId } : {}) });
          if (written) result.suppressed++;
          else result.alreadySuppressed++;
        }
        logger.info('Addresses suppressed', { reason: n.reason, recipients: n.recipients.length, sesMessageId: n.messageId });
        break;
    }
  }
  logger.info('Mail events recorded', { ...result });
  return result;
}

/** Which of some addresses no email is sent to (lower-case address → why and since when): one BatchGetItem. */
export const suppressedAddresses = (emails: readonly string[]) => suppressionStore.find(emails);
