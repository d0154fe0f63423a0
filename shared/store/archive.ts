/**
 * The public archive's reads: everything published, from the sparse gsi2 partition `PUBLISHED`
 * (`itemOf.request` puts a published paper's request there, `questionItemOf.question` an answered
 * question, `itemOf.minutes` published minutes), in one Query. Each item is parsed with its schema.
 */
import { Meeting, ReportRequest } from '../schemas/entities.js';
import { Question } from '../schemas/questions.js';
import { Minutes } from '../schemas/minutes.js';
import { keys, tableSchema } from './keys.js';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/clients.js';
import { parsed, queryAll, tableName } from './store.js';

const [gsi1, gsi2] = tableSchema.indexes;

export interface Published {
  papers: ReportRequest[];
  questions: Question[];
  minutes: Minutes[];
}

export const archiveStore = {
  /**
   * The meetings just before `beforeIso`, newest first: one single-page Query on gsi1 `MEETINGS`
   * (the previous meeting is the first of them not cancelled; `limit` covers a run of cancellations).
   */
  async meetingsBefore(beforeIso: string, limit = 10): Promise<Meeting[]> {
    const out = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: gsi1!.name,
        KeyConditionExpression: '#pk = :pk AND #sk < :before',
        ExpressionAttributeNames: { '#pk': gsi1!.partitionKey, '#sk': gsi1!.sortKey },
        ExpressionAttributeValues: { ':pk': keys.meetingsByStart('', '').gsi1pk, ':before': beforeIso },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => parsed(Meeting, i)!);
  },

  /** Every published paper (its request), answered question and published minutes: one Query (paged). */
  async published(): Promise<Published> {
    const items = await queryAll({
      IndexName: gsi2!.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': gsi2!.partitionKey },
      ExpressionAttributeValues: { ':pk': keys.published('', '').gsi2pk },
    });
    const of = <T>(entity: string, read: (i: Record<string, unknown>) => T) => items.filter((i) => i.entity === entity).map(read);
    return {
      papers: of('request', (i) => parsed(ReportRequest, i)!),
      questions: of('question', (i) => parsed(Question, i)!),
      minutes: of('minutes', (i) => parsed(Minutes, i)!),
    };
  },
};
