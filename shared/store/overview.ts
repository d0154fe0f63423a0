/**
 * The meetings the staff home reads: the last one before now and the next few, by start time on
 * gsi1. Two single-page Queries with a Limit each (never the whole index), so the home's DynamoDB
 * calls stay bounded however many meetings the table holds. And the claim of a reminder staff send
 * by hand, in the meeting's reminder log.
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { dynamo } from '../aws/clients.js';
import { reminderKey, type DueReminder } from '../domain/reminders.js';
import type { ReminderLog } from './reminders.js';
import { Meeting } from '../schemas/entities.js';
import { keys, tableSchema } from './keys.js';
import { parsed, tableName } from './store.js';

const [gsi1] = tableSchema.indexes;

async function meetingsPage(range: { from: string; to: string }, limit: number, forward: boolean): Promise<Meeting[]> {
  const out = await dynamo().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: gsi1.name,
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      ExpressionAttributeNames: { '#pk': gsi1.partitionKey, '#sk': gsi1.sortKey },
      ExpressionAttributeValues: { ':pk': keys.meetingsByStart('', '').gsi1pk, ':from': range.from, ':to': range.to },
      Limit: limit,
      ScanIndexForward: forward,
    }),
  );
  return (out.Items ?? []).map((i) => parsed(Meeting, i)!);
}

export const overviewStore = {
  /**
   * The last meeting that started before `nowIso`, and up to `max` meetings starting from `nowIso`
   * to `untilIso`, in start order: two Queries, in parallel.
   */
  async meetingsAround(nowIso: string, untilIso: string, max: number): Promise<{ last?: Meeting; upcoming: Meeting[] }> {
    const [before, upcoming] = await Promise.all([
      meetingsPage({ from: '0000', to: nowIso }, 1, false),
      meetingsPage({ from: nowIso, to: untilIso }, max, true),
    ]);
    return { last: before[0], upcoming };
  },
};

/**
 * A reminder staff send by hand ("Send a reminder now"): its log item, keyed by the reminder and the
 * click (the form's one-time key), created only if it does not exist. So a double click or a retried
 * post claims nothing the second time and sends nothing; the log shows it as sending until settled
 * (reminderStore.settle), and the meeting's reminders page lists it.
 */
export async function claimReminderClick(r: DueReminder, click: string, now: Date, leaseMs: number): Promise<ReminderLog | undefined> {
  const at = now.toISOString();
  const key = `${reminderKey(r)}#${click}`;
  const log: ReminderLog = {
    meetingId: r.meetingId,
    key,
    kind: r.kind,
    subjectId: r.subjectId,
    to: r.to,
    cc: r.cc,
    status: 'sending',
    attempts: 1,
    leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
    updatedAt: at,
  };
  try {
    await dynamo().send(new PutCommand({ TableName: tableName(), Item: { ...keys.reminderLog(r.meetingId, key), ...log }, ConditionExpression: 'attribute_not_exists(pk)' }));
    return log;
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) return undefined;
    throw e;
  }
}
