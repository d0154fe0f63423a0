/**
 * Email records (schemas/emails.ts): each is written before its email goes, in the transaction of
 * the change that causes it or as a claim, and then marked sent or failed. Marking touches the
 * record alone, never the request or question it is about.
 */
import type { EmailRecord } from '../schemas/emails.js';
import { emailKeys, itemOf, tryWrite, writeAll } from './store.js';

const keyOf = (e: EmailRecord) => {
  const { pk, sk } = emailKeys(e);
  return { pk, sk };
};

export const emailStore = {
  /**
   * Take the job of sending an email: only if it was never recorded, or it failed, or whoever was
   * sending it has been silent past their lease. True: this caller sends it (exactly one of two
   * callers racing). `record` carries the lease (`leaseUntil`, taken from the clock at the claim).
   */
  claim: (record: EmailRecord) => {
    const { pk, sk, ...indexKeys } = itemOf.email(record);
    return tryWrite([
      {
        update: { pk, sk },
        set: indexKeys,
        remove: ['error', 'sentAt', 'messageId'],
        condition: 'attribute_not_exists(pk) OR #status = :failed OR (#status = :sending AND #leaseUntil < :now)',
        values: { ':failed': 'failed', ':sending': 'sending', ':now': record.updatedAt },
      },
    ]);
  },

  /** The outcome of a send, on the record alone (a repeated mark is harmless). */
  settle: (record: EmailRecord, outcome: { sentAt: string; messageId: string } | { failedAt: string; error: string }) =>
    writeAll(
      [
        'sentAt' in outcome
          ? { update: keyOf(record), set: { status: 'sent', sentAt: outcome.sentAt, messageId: outcome.messageId, updatedAt: outcome.sentAt }, remove: ['leaseUntil', 'error'] }
          : { update: keyOf(record), set: { status: 'failed', error: outcome.error, updatedAt: outcome.failedAt }, remove: ['leaseUntil'] },
      ],
      'this email',
    ),
};
