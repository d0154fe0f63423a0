/**
 * Reminder state, in its own partition per meeting: one log item per (kind, subject, recipient),
 * created once with its outbox email (which then says whether it went), and staff's off switches.
 */
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/clients.js';
import { keys, questionSortKeyPrefix, sortKeyPrefix, tableSchema, type Key } from './keys.js';
import { create, DUE_NOW, itemOf, parsed, queryAll, remindable, replace, strip, tableName, tryWrite, writeAll, type Change, type Write } from './store.js';
import type { ReminderKind } from '../domain/reminders.js';
import { EmailRecord, type EmailStatus } from '../schemas/emails.js';
import { Meeting, ReportRequest } from '../schemas/entities.js';
import { Contact, Question } from '../schemas/questions.js';

const gsi2 = tableSchema.indexes[1];
const DUE_PK = keys.remindersDue(DUE_NOW, { pk: '', sk: '' }).gsi2pk;

/** A thing in the reminder sweep's index whose time has come: which meeting, which item, at which version. */
export interface DueEntry {
  meetingId: string;
  key: Key;
  entity: 'meeting' | 'request' | 'question';
  version: number;
}

/** A reminder-able item as the sweep read it: where it stands in the sweep's index now (undefined: not in it). */
export interface Indexed<T> {
  item: T;
  key: Key;
  version: number;
  /** Its gsi2sk when in the reminders index; `null` when its gsi2 serves another index (published). */
  wake: string | undefined | null;
}

const indexed = <T extends { version: number }>(item: T, raw: Record<string, unknown>): Indexed<T> => ({
  item,
  key: { pk: String(raw.pk), sk: String(raw.sk) },
  version: item.version,
  wake: raw.gsi2pk === undefined ? undefined : raw.gsi2pk === DUE_PK ? String(raw.gsi2sk) : null,
});

/** Everything the sweep needs of one meeting's requests (not their papers, emails or history). */
export interface SweepMeeting {
  meeting: Indexed<Meeting>;
  requests: Indexed<ReportRequest>[];
  /** The keys of the reminders queued (or sent) already, and the switches. */
  logged: Set<string>;
  switches: ReminderSwitches;
}

const range = (pk: string, prefix: string) => ({
  KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
  ExpressionAttributeValues: { ':pk': pk, ':from': prefix, ':to': `${prefix}\uffff` },
});

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
    const switches = switchesOf(items);
    const logs: ReminderLog[] = [];
    const emails = new Map<string, EmailRecord>();
    for (const item of items) {
      const sk = String(item.sk);
      if (sk.startsWith('OFF#')) continue;
      if (sk.startsWith(sortKeyPrefix.email)) {
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
  queue: (log: ReminderLog, email: EmailRecord, request?: Change<ReportRequest> & { wake?: string | undefined }) =>
    tryWrite([
      create({ ...keys.reminderLog(log.meetingId, log.key), entity: 'reminderLog', ...log }),
      create(itemOf.email(email)),
      ...(request ? [replace(requestItem(request.next, request), request.readVersion)] : []),
    ]),

  // ---- the sweep's index (issue 15 §8) ----

  /**
   * What the sweep must look at now: one Query of the sparse index, `gsi2sk <= now` (things written
   * since the last sweep sort first, at `0`). `filled`: the sweep's own marker is there, so the index
   * was filled once (a first run, on data written before the index, fills it from the meetings ahead).
   */
  async dueEntries(now: Date): Promise<{ entries: DueEntry[]; filled: boolean }> {
    const items = await queryAll({
      IndexName: gsi2!.name,
      KeyConditionExpression: '#pk = :pk AND #sk <= :to',
      ExpressionAttributeNames: { '#pk': gsi2!.partitionKey, '#sk': gsi2!.sortKey, '#version': 'version', '#id': 'id' },
      ExpressionAttributeValues: { ':pk': DUE_PK, ':to': `${now.toISOString()}#\uffff` },
      ProjectionExpression: 'pk, sk, entity, meetingId, #id, #version',
    });
    const state = keys.reminderSweepState();
    const entries = items
      .filter((i) => !(i.pk === state.pk && i.sk === state.sk))
      .map((i) => ({
        meetingId: String(i.entity === 'meeting' ? i.id : i.meetingId),
        key: { pk: String(i.pk), sk: String(i.sk) },
        entity: i.entity as DueEntry['entity'],
        version: Number(i.version),
      }));
    return { entries, filled: entries.length < items.length };
  },

  /** The sweep's marker, written once it has filled the index from the meetings ahead. */
  markFilled: (now: Date) =>
    dynamo().send(new PutCommand({ TableName: tableName(), Item: { ...keys.reminderSweepState(), ...keys.remindersDue(DUE_NOW, keys.reminderSweepState()), entity: 'reminderSweep', filledAt: now.toISOString() } })),

  /**
   * A meeting as the sweep needs it, in parallel: the meeting (GetItem), its requests (the `REQUEST#`
   * range only: not their papers, emails or history), its log keys (`SENT#`) and switches (`OFF#`),
   * not the reminder emails beside them.
   */
  async sweepMeeting(meetingId: string): Promise<SweepMeeting | undefined> {
    const meetingKey = keys.meeting(meetingId);
    const pk = keys.reminderPartition(meetingId).pk;
    const [meetingOut, requests, logs, switches] = await Promise.all([
      dynamo().send(new GetCommand({ TableName: tableName(), Key: meetingKey, ConsistentRead: true })),
      queryAll({ ...range(meetingKey.pk, sortKeyPrefix.request), ConsistentRead: true }),
      queryAll({ ...range(pk, 'SENT#'), ProjectionExpression: 'sk', ConsistentRead: true }),
      queryAll({ ...range(pk, 'OFF#'), ConsistentRead: true }),
    ]);
    const meeting = parsed(Meeting, meetingOut.Item);
    if (!meeting) return undefined;
    return {
      meeting: indexed(meeting, meetingOut.Item!),
      requests: requests.map((i) => indexed(parsed(ReportRequest, i)!, i)),
      logged: new Set(logs.map((i) => String(i.sk).slice('SENT#'.length))),
      switches: switchesOf(switches),
    };
  },

  /** A meeting's questions and their submitters' contacts (two ranges in parallel: not their emails or submissions). */
  async sweepQuestions(meetingId: string): Promise<{ questions: Indexed<Question>[]; contacts: Map<string, Contact> }> {
    const pk = keys.questionsPartition(meetingId).pk;
    const [questions, contacts] = await Promise.all([queryAll(range(pk, questionSortKeyPrefix.question)), queryAll(range(pk, questionSortKeyPrefix.contact))]);
    return {
      questions: questions.map((i) => indexed(parsed(Question, i)!, i)),
      contacts: new Map(contacts.map((i) => [String(i.questionId), parsed(Contact, i)!])),
    };
  },

  /**
   * Moves a thing in the sweep's index to its next reminder (`at`), or out of it (undefined), if it is
   * still at the version the sweep read (its key attributes only: its version stays, so a concurrent
   * change wins and leaves it at `0`, to be looked at again). False: it changed meanwhile.
   */
  setWake: (key: Key, version: number, at: string | undefined) =>
    tryWrite([
      at === undefined
        ? { update: key, remove: ['gsi2pk', 'gsi2sk'], condition: '#version = :v', values: { ':v': version } }
        : { update: key, set: keys.remindersDue(at, key), condition: '#version = :v', values: { ':v': version } },
    ]),

  /** Puts a planned meeting in the sweep's index at `0` (a switch turned back on): no-op for a meeting held or cancelled. */
  wakeMeeting: (meetingId: string) =>
    tryWrite([
      {
        update: keys.meeting(meetingId),
        set: keys.remindersDue(DUE_NOW, keys.meeting(meetingId)),
        condition: '#status IN (:planned, :published)',
        values: { ':planned': 'planned', ':published': 'agenda-published' },
      },
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

function switchesOf(items: Record<string, unknown>[]): ReminderSwitches {
  const switches: ReminderSwitches = { kinds: new Set(), recipients: new Set() };
  for (const item of items) {
    const sk = String(item.sk);
    if (sk.startsWith('OFF#kind#')) switches.kinds.add(sk.slice('OFF#kind#'.length));
    else if (sk.startsWith('OFF#to#')) switches.recipients.add(sk.slice('OFF#to#'.length));
  }
  return switches;
}

export { remindable };

/**
 * The request with the reminder's new link. Written by the sweep (`wake` given): already at its next
 * reminder in the sweep's index (or out of it), which the sweep knows, rather than at `0` to be looked at again.
 */
function requestItem(next: ReportRequest, change: { wake?: string | undefined }) {
  const item: Record<string, unknown> = itemOf.request(next);
  if (!('wake' in change) || item.gsi2pk !== DUE_PK) return item;
  if (change.wake === undefined) {
    delete item.gsi2pk;
    delete item.gsi2sk;
    return item;
  }
  return { ...item, ...keys.remindersDue(change.wake, keys.request(next.meetingId, next.id)) };
}
