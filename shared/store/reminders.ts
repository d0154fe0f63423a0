/**
 * Reminder state, in its own partition per meeting: one log item per (kind, subject, recipient),
 * created once with its outbox email (which then says whether it went), and staff's off switches.
 */
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/clients.js';
import { keys, sortKeyPrefix } from './keys.js';
import { create, itemOf, parsed, queryAll, replace, strip, tableName, tryWrite, writeAll, type Change, type Write } from './store.js';
import type { ReminderKind } from '../domain/reminders.js';
import { EmailRecord, type EmailStatus } from '../schemas/emails.js';
import type { ReportRequest } from '../schemas/entities.js';

/** A log item's own status: `queued` since the outbox (its email has the state); the rest from before it. */
export type ReminderStatus = 'queued' | 'sending' | 'sent' | 'retry' | 'failed';

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

/** A log item as the reminders page shows it: with its email's state. */
export type ReminderEntry = Omit<ReminderLog, 'status'> & { status: EmailStatus };

export interface ReminderSwitches {
  kinds: Set<string>;
  recipients: Set<string>;
}

export const reminderStore = {
  /**
   * The log and the switches of a meeting: one Query. Each log item is shown with its outbox email's
   * state (queued, sent, retrying, failed, not sent); older items, from before the outbox, with their own.
   */
  async meetingReminders(meetingId: string): Promise<{ log: ReminderEntry[]; switches: ReminderSwitches }> {
    const items = await queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.reminderPartition(meetingId).pk } });
    const switches: ReminderSwitches = { kinds: new Set(), recipients: new Set() };
    const logs: ReminderLog[] = [];
    const emails = new Map<string, EmailRecord>();
    for (const item of items) {
      const sk = String(item.sk);
      if (sk.startsWith('OFF#kind#')) switches.kinds.add(sk.slice('OFF#kind#'.length));
      else if (sk.startsWith('OFF#to#')) switches.recipients.add(sk.slice('OFF#to#'.length));
      else if (sk.startsWith(sortKeyPrefix.email)) {
        const email = parsed(EmailRecord, item)!;
        emails.set(email.subjectId, email);
      } else logs.push(strip<ReminderLog>(item)!);
    }
    const log = logs.map((l): ReminderEntry => {
      const email = emails.get(l.key);
      if (!email) return { ...l, status: l.status === 'retry' ? 'retrying' : l.status === 'queued' ? 'pending' : l.status };
      const { status, attempts, nextAttemptAt, sentAt, messageId, error, updatedAt } = email;
      return { ...l, status, attempts, updatedAt, ...(nextAttemptAt ? { nextAttemptAt } : {}), ...(sentAt ? { sentAt } : {}), ...(messageId ? { messageId } : {}), ...(error ? { lastError: error } : {}) };
    });
    return { log, switches };
  },

  /**
   * Queue a reminder: its log item (only if there is none: each reminder once) and its outbox email in
   * one transaction, with the request carrying the author's new link when there is one. False: it was
   * queued already (or the request changed meanwhile; the next sweep tries again).
   */
  queue: (log: ReminderLog, email: EmailRecord, request?: Change<ReportRequest>) =>
    tryWrite([
      create({ ...keys.reminderLog(log.meetingId, log.key), entity: 'reminderLog', ...log }),
      create(itemOf.email(email)),
      ...(request ? [replace(itemOf.request(request.next), request.readVersion)] : []),
    ]),

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
