/**
 * The meetings the staff home reads: the last one before now and the next few, by start time on
 * gsi1. Two single-page Queries with a Limit each (never the whole index), so the home's DynamoDB
 * calls stay bounded however many meetings the table holds.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/clients.js';
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
