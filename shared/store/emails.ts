/**
 * The outbox's email records (schemas/emails.ts): each is written `pending`, with its message, in the
 * transaction of the change that causes it; a sender claims it, sends it and settles it. Every change
 * after the first touches the record alone (an UpdateItem on conditions of its own), never the request
 * or question it is about, and keeps its place in the outbox index (gsi2, `outboxIndex`) in step.
 */
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { dynamo } from '../aws/clients.js';
import { EmailRecord } from '../schemas/emails.js';
import { keys, type Key } from './keys.js';
import { DUE_NOW, emailKeys, itemOf, outboxIndex, parsed, tableName, tryWrite, update, type Write } from './store.js';

export const emailKeyOf = (e: EmailRecord): Key => {
  const { pk, sk } = emailKeys(e);
  return { pk, sk };
};

/** One conditional UpdateItem of a record (the store's `update`), answering the record as changed; undefined when the condition did not hold (someone else has it). */
async function change(key: Key, w: Omit<Extract<Write, { update: Key }>, 'update'> & { condition: string }) {
  try {
    const out = await dynamo().send(new UpdateCommand({ ...update({ update: key, ...w }), ReturnValues: 'ALL_NEW' }));
    return parsed(EmailRecord, out.Attributes);
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) return undefined;
    throw e;
  }
}

const INDEX = ['gsi2pk', 'gsi2sk'] as const;

/** The gsi2 attributes of a record after a change: set when it is in the outbox index, removed when not. */
function indexOf(next: Parameters<typeof outboxIndex>[0]) {
  const index = outboxIndex(next) as Partial<Record<(typeof INDEX)[number], string>>;
  return { set: index, remove: INDEX.filter((k) => index[k] === undefined) };
}

export type Outcome =
  | { status: 'sent'; messageId: string }
  | { status: 'retrying'; nextAttemptAt: string; error: string }
  | { status: 'failed' | 'suppressed'; error: string };

export const emailStore = {
  /**
   * Put an email in the outbox unless it is there already: only if it was never recorded, or it
   * failed (a later change that sends the same email again, e.g. a corrected answer to someone it
   * never reached). True: it is queued now.
   */
  enqueue: (record: EmailRecord) => {
    const { pk, sk, ...rest } = itemOf.email(record);
    return tryWrite([{ update: { pk, sk }, set: rest, remove: ['error', 'sentAt', 'messageId', 'leaseUntil', 'nextAttemptAt'], condition: 'attribute_not_exists(pk) OR #status = :failed', values: { ':failed': 'failed' } }]);
  },

  /**
   * Take an email to send it: only if it is pending, or retrying and its time has come, or being sent
   * by a sender that has been silent past its lease. Exactly one of two senders racing wins. The lease
   * is taken from the clock at the claim. Answers the record as claimed (with its message), or nothing.
   */
  claim: (key: Key, now: Date, leaseMs: number) => {
    const at = now.toISOString();
    const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
    return change(key, {
      set: { status: 'sending', leaseUntil, updatedAt: at, ...keys.outboxDue(leaseUntil, key) },
      add: { attempts: 1 },
      remove: ['nextAttemptAt'],
      condition:
        'attribute_exists(#message) AND (#status = :pending OR (#status = :retrying AND #nextAttemptAt <= :now) OR (#status = :sending AND #leaseUntil < :now))',
      values: { ':pending': 'pending', ':retrying': 'retrying', ':sending': 'sending', ':now': at },
    });
  },

  /**
   * What became of a claimed email, written only by the holder of the claim (its lease unchanged). A
   * sent email drops its message (which may carry a link's secret); a failed one keeps it to be sent again.
   */
  settle: (record: EmailRecord, outcome: Outcome, now: Date) => {
    const at = now.toISOString();
    const next = { ...record, ...outcome, updatedAt: at };
    const index = indexOf({ ...next, message: outcome.status === 'sent' ? undefined : record.message });
    const base = { status: outcome.status, updatedAt: at, ...index.set };
    const set =
      outcome.status === 'sent'
        ? { ...base, sentAt: at, messageId: outcome.messageId }
        : outcome.status === 'retrying'
          ? { ...base, nextAttemptAt: outcome.nextAttemptAt, error: outcome.error }
          : { ...base, error: outcome.error };
    const remove = ['leaseUntil', ...index.remove, ...(outcome.status === 'sent' ? ['message', 'error'] : [])];
    return change(emailKeyOf(record), { set, remove, condition: '#status = :sending AND #leaseUntil = :lease', values: { ':sending': 'sending', ':lease': record.leaseUntil } });
  },

  /** Staff's "send again" of a failed email: pending once more, its tries counted afresh (a suppressed one waits for a new address). */
  resend: (key: Key, now: Date) =>
    change(key, {
      set: { status: 'pending', attempts: 0, updatedAt: now.toISOString(), ...keys.outboxDue(DUE_NOW, key) },
      remove: ['error', 'nextAttemptAt'],
      condition: 'attribute_exists(#message) AND #status = :failed',
      values: { ':failed': 'failed' },
    }),

  /** Emails a sender may take at `now` (pending, retrying and due, claims lapsed), oldest first: one Query page. */
  async due(now: Date, limit: number): Promise<Key[]> {
    const out = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :due AND gsi2sk <= :now',
        // `~` sorts after the `#` that follows the time in the sort key: due at exactly `now` counts.
        ExpressionAttributeValues: { ':due': 'OUTBOX_DUE', ':now': `${now.toISOString()}~` },
        ProjectionExpression: 'pk, sk',
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => ({ pk: String(i.pk), sk: String(i.sk) }));
  },

  /** The latest emails that failed or were suppressed (newest first), up to `limit`: one Query. */
  async failed(limit: number): Promise<EmailRecord[]> {
    const out = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :failed',
        ExpressionAttributeValues: { ':failed': 'OUTBOX_FAILED' },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => parsed(EmailRecord, i)!);
  },
};
