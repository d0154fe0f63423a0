/**
 * Reminder state, in its own partition per meeting: one log item per (kind, subject, recipient),
 * claimed with a conditional write before sending and marked after, and staff's off switches.
 */
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { dynamo } from '../aws/clients.js';
import { keys } from './keys.js';
import { create, queryAll, strip, tableName, writeAll, type Write } from './store.js';
import type { DueReminder, ReminderKind } from '../domain/reminders.js';
import { reminderKey } from '../domain/reminders.js';

export type ReminderStatus = 'sending' | 'sent' | 'retry' | 'failed';

export interface ReminderLog {
  meetingId: string;
  key: string;
  kind: ReminderKind;
  subjectId: string;
  to: { name: string; email: string };
  cc: { name: string; email: string }[];
  status: ReminderStatus;
  attempts: number;
  leaseUntil?: string;
  nextAttemptAt?: string;
  sentAt?: string;
  messageId?: string;
  lastError?: string;
  updatedAt: string;
}

export interface ReminderSwitches {
  kinds: Set<string>;
  recipients: Set<string>;
}

export const reminderStore = {
  /** The log and the switches of a meeting: one Query. */
  async meetingReminders(meetingId: string): Promise<{ log: ReminderLog[]; switches: ReminderSwitches }> {
    const items = await queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.reminderPartition(meetingId).pk } });
    const switches: ReminderSwitches = { kinds: new Set(), recipients: new Set() };
    const log: ReminderLog[] = [];
    for (const item of items) {
      const sk = String(item.sk);
      if (sk.startsWith('OFF#kind#')) switches.kinds.add(sk.slice('OFF#kind#'.length));
      else if (sk.startsWith('OFF#to#')) switches.recipients.add(sk.slice('OFF#to#'.length));
      else log.push(strip<ReminderLog>(item)!);
    }
    return { log, switches };
  },

  /**
   * Claim a reminder for sending: only if nobody has it — never tried, due for a retry, or abandoned
   * by a sweep that crashed (its lease ran out). Two sweeps racing: exactly one wins.
   */
  async claim(r: DueReminder, now: Date, leaseMs: number): Promise<ReminderLog | undefined> {
    const at = now.toISOString();
    try {
      const out = await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.reminderLog(r.meetingId, reminderKey(r)),
          UpdateExpression:
            'SET #status = :sending, leaseUntil = :lease, attempts = if_not_exists(attempts, :zero) + :one, meetingId = :meeting, #key = :key, kind = :kind, subjectId = :subject, #to = :to, cc = :cc, updatedAt = :now REMOVE nextAttemptAt',
          ConditionExpression: 'attribute_not_exists(pk) OR (#status = :retry AND nextAttemptAt <= :now) OR (#status = :sending AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status', '#key': 'key', '#to': 'to' },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':retry': 'retry',
            ':lease': new Date(now.getTime() + leaseMs).toISOString(),
            ':zero': 0,
            ':one': 1,
            ':meeting': r.meetingId,
            ':key': reminderKey(r),
            ':kind': r.kind,
            ':subject': r.subjectId,
            ':to': r.to,
            ':cc': r.cc,
            ':now': at,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return strip<ReminderLog>(out.Attributes);
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return undefined;
      throw e;
    }
  },

  /** Record the outcome of a claimed send. Only the holder of the claim (status sending) may. */
  async settle(log: ReminderLog, outcome: { sent: { messageId: string } } | { retryAt: string; error: string } | { failed: string }, now: Date) {
    const at = now.toISOString();
    const [set, values]: [string, Record<string, unknown>] =
      'sent' in outcome
        ? ['#status = :s, sentAt = :at, messageId = :m, updatedAt = :at REMOVE leaseUntil, lastError', { ':s': 'sent', ':m': outcome.sent.messageId }]
        : 'retryAt' in outcome
          ? ['#status = :s, nextAttemptAt = :n, lastError = :e, updatedAt = :at REMOVE leaseUntil', { ':s': 'retry', ':n': outcome.retryAt, ':e': outcome.error }]
          : ['#status = :s, lastError = :e, updatedAt = :at REMOVE leaseUntil', { ':s': 'failed', ':e': outcome.failed }];
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.reminderLog(log.meetingId, log.key),
        UpdateExpression: `SET ${set}`,
        ConditionExpression: '#status = :sending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ...values, ':at': at, ':sending': 'sending' },
      }),
    );
  },

  /** Switch a kind or a recipient off (or back on) for one meeting. */
  async setSwitch(meetingId: string, what: 'kind' | 'to', value: string, off: boolean, by: string, now: Date) {
    const key = keys.reminderSwitch(meetingId, what, what === 'to' ? value.toLowerCase() : value);
    if (off) await dynamo().send(new PutCommand({ TableName: tableName(), Item: { ...key, entity: 'reminderSwitch', by, at: now.toISOString() } }));
    else await dynamo().send(new DeleteCommand({ TableName: tableName(), Key: key }));
  },

  /**
   * Several switches at once, each written only on the condition that it is as the caller read it
   * (off: the item must not exist yet; on: it must still exist), all or nothing per 100 (one
   * transaction). A condition that does not hold is a concurrent change: 409, nothing saved.
   */
  async setSwitches(meetingId: string, changes: { what: 'kind' | 'to'; value: string; off: boolean }[], by: string, now: Date) {
    const writes: Write[] = changes.map(({ what, value, off }) => {
      const key = keys.reminderSwitch(meetingId, what, what === 'to' ? value.toLowerCase() : value);
      return off ? create({ ...key, entity: 'reminderSwitch', by, at: now.toISOString() }) : { delete: key, mustExist: true };
    });
    for (let i = 0; i < writes.length; i += 100) await writeAll(writes.slice(i, i + 100), 'these reminder switches');
  },
};
