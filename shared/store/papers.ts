/**
 * Store reads for papers. A request, its paper versions and its history share the request's gsi1
 * partition (`REQUEST#<id>`), so the author's link and the staff request page read them with one
 * Query; one version is a GetItem in the meeting's partition.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/clients.js';
import type { ReportRequest } from '../schemas/entities.js';
import type { HistoryEntry, PaperVersion } from '../schemas/papers.js';
import { keys, tableSchema } from './keys.js';
import { queryAll, strip, tableName } from './store.js';

const gsi1 = tableSchema.indexes[0];

export interface RequestFile {
  request: ReportRequest;
  /** In the order they were submitted. */
  papers: PaperVersion[];
  /** Oldest first. */
  history: HistoryEntry[];
}

export const paperStore = {
  /** A request by its id alone, with its paper versions and history: one Query on gsi1. */
  async getRequestFile(requestId: string): Promise<RequestFile | undefined> {
    const items = await queryAll({
      IndexName: gsi1.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': gsi1.partitionKey },
      ExpressionAttributeValues: { ':pk': keys.requestById(requestId).gsi1pk },
    });
    const of = <T>(entity: string) => items.filter((i) => i.entity === entity).map((i) => strip<T>(i)!);
    const [request] = of<ReportRequest>('request');
    if (!request) return undefined;
    return {
      request,
      papers: of<PaperVersion>('paper').sort((a, b) => a.number - b.number),
      history: of<HistoryEntry>('history').sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id)),
    };
  },

  /** One version; `consistent` reads what a write just made (a repeated submit racing the first). */
  async getPaper(meetingId: string, requestId: string, paperId: string, consistent = false): Promise<PaperVersion | undefined> {
    const out = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.paper(meetingId, requestId, paperId), ConsistentRead: consistent }));
    return strip<PaperVersion>(out.Item);
  },
};
