/**
 * The DynamoDB store. Every key comes from keys.ts; every read is a GetItem or a Query (no Scan);
 * every multi-item change is one transaction with conditions, so nothing is half-written and a
 * concurrent change is refused (409) rather than lost.
 */
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { dynamo } from '../aws/clients.js';
import { required } from '../config.js';
import type { Action, AgendaItem, Meeting, ReportRequest, Topic } from '../schemas/entities.js';
import type { HistoryEntry, PaperVersion } from '../schemas/papers.js';
import { ConflictError } from '../domain/errors.js';
import { keyAttributes, keys, sortKeyPrefix, tableSchema } from './keys.js';

export const tableName = () => required('TABLE_NAME');

// ---- items: entity + keys ----

export const itemOf = {
  meeting: (m: Meeting) => ({ ...keys.meeting(m.id), ...keys.meetingsByStart(m.start, m.id), entity: 'meeting', ...m }),
  agendaItem: (a: AgendaItem) => ({ ...keys.agendaItem(a.meetingId, a.id), entity: 'agendaItem', ...a }),
  topic: (t: Topic) => ({ ...keys.topic(t.id), ...keys.topicsByCreation(t.createdAt, t.id), entity: 'topic', ...t }),
  request: (r: ReportRequest) => ({ ...keys.request(r.meetingId, r.id), ...keys.requestById(r.id), entity: 'request', ...r }),
  action: (a: Action) => ({
    ...keys.action(a.meetingId, a.id),
    // Sparse index: only actions still open or ongoing are in it.
    ...(a.status === 'completed' ? {} : keys.openActionsByMeetingStart(a.meetingStart, a.id)),
    entity: 'action',
    ...a,
  }),
  paper: (p: PaperVersion) => ({ ...keys.paper(p.meetingId, p.requestId, p.id), ...keys.paperByRequest(p.requestId, p.id), entity: 'paper', ...p }),
  history: (h: HistoryEntry) => ({ ...keys.history(h.meetingId, h.requestId, h.id), ...keys.historyByRequest(h.requestId, h.id), entity: 'history', ...h }),
};

export function strip<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const copy = { ...item };
  for (const k of keyAttributes) delete copy[k];
  return copy as T;
}

export type Item = Record<string, unknown> & { version?: number };

/** A put that must create a new item, or replace the one at the version the caller read. */
function put(item: Item, previousVersion?: number) {
  return previousVersion === undefined
    ? { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' }
    : {
        TableName: tableName(),
        Item: item,
        ConditionExpression: 'attribute_exists(pk) AND #version = :previous',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':previous': previousVersion },
      };
}

export type Write =
  /** A put: a new item (omit previousVersion), or a replacement of the version read. */
  | { item: Item; previousVersion?: number }
  /** A delete of the item at a key (personal data removal, clean-up); `mustExist` makes it conditional. */
  | { delete: { pk: string; sk: string }; mustExist?: boolean };

const conflict = (what: string) =>
  new ConflictError(`Someone else changed ${what} at the same time. Reload and try again; nothing was saved.`);

function toTransactItem(w: Write) {
  if ('delete' in w) {
    return { Delete: { TableName: tableName(), Key: w.delete, ...(w.mustExist ? { ConditionExpression: 'attribute_exists(pk)' } : {}) } };
  }
  return { Put: put(w.item, w.previousVersion) };
}

/** Writes all or nothing (one transaction, up to 100 items); a failed condition means a concurrent change (409). */
export async function writeAll(writes: Write[], what = 'this'): Promise<void> {
  try {
    const only = writes.length === 1 ? writes[0]! : undefined;
    if (only && !('delete' in only)) {
      await dynamo().send(new PutCommand(put(only.item, only.previousVersion)));
    } else {
      await dynamo().send(new TransactWriteCommand({ TransactItems: writes.map(toTransactItem) }));
    }
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) throw conflict(what);
    // TransactionConflict: another transaction was writing one of the same items at that moment.
    if (e instanceof TransactionCanceledException && e.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict')) {
      throw conflict(what);
    }
    throw e;
  }
}

export async function get<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
  const out = await dynamo().send(new GetCommand({ TableName: tableName(), Key: key }));
  return strip<T>(out.Item);
}

export async function queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await dynamo().send(new QueryCommand({ TableName: tableName(), ...input, ExclusiveStartKey }));
    items.push(...(out.Items ?? []));
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

const [gsi1, gsi2] = tableSchema.indexes;

// ---- reads ----

export interface MeetingBundle {
  meeting: Meeting;
  agendaItems: AgendaItem[];
  requests: ReportRequest[];
  actions: Action[];
  /** Every submitted paper version of the meeting's requests. */
  papers: PaperVersion[];
}

export const store = {
  getMeeting: (meetingId: string) => get<Meeting>(keys.meeting(meetingId)),
  getTopic: (topicId: string) => get<Topic>(keys.topic(topicId)),
  getRequest: (meetingId: string, requestId: string) => get<ReportRequest>(keys.request(meetingId, requestId)),
  getAction: (meetingId: string, actionId: string) => get<Action>(keys.action(meetingId, actionId)),

  /** A meeting with its agenda, report requests and actions: one Query on the meeting's partition. */
  async getMeetingBundle(meetingId: string): Promise<MeetingBundle | undefined> {
    const items = await queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.meetingPartition(meetingId).pk } });
    const meeting = strip<Meeting>(items.find((i) => i.sk === keys.meeting(meetingId).sk));
    if (!meeting) return undefined;
    const of = <T>(prefix: string) => items.filter((i) => String(i.sk).startsWith(prefix)).map((i) => strip<T>(i)!);
    return {
      meeting,
      agendaItems: of<AgendaItem>(sortKeyPrefix.agendaItem),
      requests: of<ReportRequest>(sortKeyPrefix.request),
      actions: of<Action>(sortKeyPrefix.action),
      papers: of<PaperVersion>(sortKeyPrefix.paper),
    };
  },

  /**
   * A meeting with its report requests and their paper versions (the tracking view): one Query over
   * the sort-key range from `MEETING` to the last `REQUEST#`, which skips the agenda, actions and
   * history (their keys sort before).
   */
  async getMeetingRequests(meetingId: string): Promise<{ meeting: Meeting; requests: ReportRequest[]; papers: PaperVersion[] } | undefined> {
    const meetingSk = keys.meeting(meetingId).sk;
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': keys.meetingPartition(meetingId).pk, ':from': meetingSk, ':to': `${sortKeyPrefix.request}\uffff` },
    });
    const meeting = strip<Meeting>(items.find((i) => i.sk === meetingSk));
    if (!meeting) return undefined;
    const of = <T>(prefix: string) => items.filter((i) => String(i.sk).startsWith(prefix)).map((i) => strip<T>(i)!);
    return { meeting, requests: of<ReportRequest>(sortKeyPrefix.request), papers: of<PaperVersion>(sortKeyPrefix.paper) };
  },

  /** Meetings whose start is in [fromIso, toIso), by start time (gsi1). */
  async listMeetings(fromIso = '0000', toIso = '9999'): Promise<Meeting[]> {
    const pk = keys.meetingsByStart('', '').gsi1pk;
    const items = await queryAll({
      IndexName: gsi1!.name,
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      ExpressionAttributeNames: { '#pk': gsi1!.partitionKey, '#sk': gsi1!.sortKey },
      ExpressionAttributeValues: { ':pk': pk, ':from': fromIso, ':to': toIso },
    });
    return items.map((i) => strip<Meeting>(i)!);
  },

  async listTopics(): Promise<Topic[]> {
    const items = await queryAll({
      IndexName: gsi1!.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': gsi1!.partitionKey },
      ExpressionAttributeValues: { ':pk': keys.topicsByCreation('', '').gsi1pk },
    });
    return items.map((i) => strip<Topic>(i)!);
  },

  /** Actions not completed, raised at meetings that started before `beforeIso` (sparse gsi2). */
  async listOpenActions(beforeIso = '9999'): Promise<Action[]> {
    const items = await queryAll({
      IndexName: gsi2!.name,
      KeyConditionExpression: '#pk = :pk AND #sk < :before',
      ExpressionAttributeNames: { '#pk': gsi2!.partitionKey, '#sk': gsi2!.sortKey },
      ExpressionAttributeValues: { ':pk': keys.openActionsByMeetingStart('', '').gsi2pk, ':before': beforeIso },
    });
    return items.map((i) => strip<Action>(i)!);
  },
};
