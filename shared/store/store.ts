/**
 * The DynamoDB store: one interface per aggregate (meetings, topics, requests, actions here; papers,
 * questions, reminders and emails beside it), each method named for what it does. Every key comes
 * from keys.ts; every read is a GetItem, BatchGetItem or Query (no Scan) and is parsed with the
 * entity's schema, so stored data that drifts from the code fails loudly at the read; every change
 * is conditional on what was read, and a multi-item change is one transaction, so nothing is
 * half-written and a concurrent change is refused (409) rather than lost.
 */
import {
  BatchGetCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type * as z from 'zod';
import { dynamo } from '../aws/clients.js';
import { required } from '../config.js';
import { Action, AgendaItem, Meeting, ReportRequest, Topic } from '../schemas/entities.js';
import { PaperVersion, type HistoryEntry } from '../schemas/papers.js';
import { EmailRecord, requestEmailPurposes } from '../schemas/emails.js';
import { Minutes, MinutesRevision } from '../schemas/minutes.js';
import { ConflictError } from '../domain/errors.js';
import { keyAttributes, keys, sortKeyPrefix, tableSchema, type Key } from './keys.js';

export const tableName = () => required('TABLE_NAME');

/** The `0` that sorts a pending email (or a thing the reminder sweep must look at) before every instant: due at once, whatever clock wrote it. */
export const DUE_NOW = '0';

/** What can have a reminder ahead of it (shared/domain/reminders.ts), so is in the reminder sweep's index. */
export const remindable = {
  meeting: (m: Pick<Meeting, 'status'>) => m.status === 'planned' || m.status === 'agenda-published',
  request: (r: Pick<ReportRequest, 'status'>) => r.status === 'requested' || r.status === 'returned',
  question: (q: { status: string }) => q.status === 'accepted',
};

// ---- items: entity + keys (for the store's modules only; the app layer calls the methods below) ----

export const itemOf = {
  // A planned meeting, and a request awaiting its paper, are in the reminder sweep's index (sparse gsi2) at `0`
  // whenever written: the next sweep looks at them and moves them to their next reminder (issue 15 §8).
  meeting: (m: Meeting) => ({ ...keys.meeting(m.id), ...keys.meetingsByStart(m.start, m.id), ...(remindable.meeting(m) ? keys.remindersDue(DUE_NOW, keys.meeting(m.id)) : {}), entity: 'meeting', ...m }),
  agendaItem: (a: AgendaItem) => ({ ...keys.agendaItem(a.meetingId, a.id), entity: 'agendaItem', ...a }),
  topic: (t: Topic) => ({ ...keys.topic(t.id), ...keys.topicsByCreation(t.createdAt, t.id), entity: 'topic', ...t }),
  request: (r: ReportRequest) => ({
    ...keys.request(r.meetingId, r.id),
    ...keys.requestById(r.id),
    // A published paper is in the archive's search index (sparse gsi2); a request in any other state is not.
    ...(r.status === 'published' ? keys.published(r.meetingId, `PAPER#${r.id}`) : remindable.request(r) ? keys.remindersDue(DUE_NOW, keys.request(r.meetingId, r.id)) : {}),
    entity: 'request',
    ...r,
  }),
  action: (a: Action) => ({
    ...keys.action(a.meetingId, a.id),
    ...keys.actionsByMeetingStart(a.meetingStart, a.id),
    // Sparse index: only actions still open or ongoing are in it.
    ...(a.status === 'completed' ? {} : keys.openActionsByMeetingStart(a.meetingStart, a.id)),
    entity: 'action',
    ...a,
  }),
  paper: (p: PaperVersion) => ({ ...keys.paper(p.meetingId, p.requestId, p.id), ...keys.paperByRequest(p.requestId, p.id), entity: 'paper', ...p }),
  history: (h: HistoryEntry) => ({ ...keys.history(h.meetingId, h.requestId, h.id), ...keys.historyByRequest(h.requestId, h.id), entity: 'history', ...h }),
  email: (e: EmailRecord) => ({ ...emailKeys(e), ...outboxIndex(e), entity: 'email', ...e }),
  minutes: (m: Minutes) => ({
    ...keys.minutes(m.meetingId),
    // Published minutes are in the archive's search index (sparse gsi2); a draft is not.
    ...(m.status === 'draft' ? {} : keys.published(m.meetingId, 'MINUTES')),
    entity: 'minutes',
    ...m,
  }),
  minutesRevision: (r: MinutesRevision) => ({ ...keys.minutesRevision(r.meetingId, r.revision), entity: 'minutesRevision', ...r }),
};

/**
 * An email record sits beside what it is about: a request's (and a cancellation's to its author and
 * sponsor) in the meeting partition (and the request's gsi1 partition), a question's in the questions
 * partition, a scheduled reminder's in the meeting's reminders partition (its subject is the reminder's key).
 */
export const emailKeys = (e: Pick<EmailRecord, 'meetingId' | 'subjectId' | 'purpose' | 'round'>) =>
  e.purpose === 'reminder'
    ? keys.reminderEmail(e.meetingId, e.subjectId)
    : requestEmailPurposes.has(e.purpose)
      ? { ...keys.requestEmail(e.meetingId, e.subjectId, e.purpose, e.round), ...keys.requestEmailByRequest(e.subjectId, e.purpose, e.round) }
      : keys.questionEmail(e.meetingId, e.subjectId, e.purpose, e.round);


/** Where an email stands in the outbox's sparse index (gsi2): due by when, failed, or (sent, or nothing to send) not in it. */
export function outboxIndex(e: Pick<EmailRecord, 'meetingId' | 'subjectId' | 'purpose' | 'round' | 'status' | 'message' | 'nextAttemptAt' | 'leaseUntil' | 'updatedAt'>) {
  const { pk, sk } = emailKeys(e);
  if (!e.message) return {};
  if (e.status === 'pending') return keys.outboxDue(DUE_NOW, { pk, sk });
  if (e.status === 'retrying') return keys.outboxDue(e.nextAttemptAt ?? DUE_NOW, { pk, sk });
  if (e.status === 'sending') return keys.outboxDue(e.leaseUntil ?? DUE_NOW, { pk, sk });
  if (e.status === 'failed' || e.status === 'suppressed') return keys.outboxFailed(e.updatedAt, { pk, sk });
  return {};
}

/** An item without its key attributes. For shapes that have no schema (counters, logs); entities use `parsed`. */
export function strip<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const copy = { ...item };
  for (const k of keyAttributes) delete copy[k];
  return copy as T;
}

/** A stored item that does not match its schema: the code and the data disagree, which no retry mends. */
export class StoredDataError extends Error {
  constructor(key: string, issues: string) {
    super(`The stored item ${key} does not match the code's schema: ${issues}`);
    this.name = 'StoredDataError';
  }
}

/** An item read from the table, parsed with its entity's schema (unknown attributes dropped). */
export function parsed<S extends z.ZodType>(schema: S, item: Record<string, unknown> | undefined): z.output<S> | undefined {
  if (!item) return undefined;
  const result = schema.safeParse(strip(item));
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${i.path.join('.') || '(item)'}: ${i.message}`).join('; ');
  throw new StoredDataError(`${String(item.pk)} ${String(item.sk)}`, issues);
}

export type Item = Record<string, unknown> & { version?: number };

// ---- writes ----

export type Write =
  /** A put: a new item (omit previousVersion), or a replacement of the version read. */
  | { item: Item; previousVersion?: number }
  /** A delete of the item at a key (personal data removal, clean-up); `mustExist` makes it conditional, `version` makes it conditional on the version read. */
  | { delete: Key; mustExist?: boolean; version?: number }
  /** Nothing written: the item must still be at the version read (it decided the change). */
  | { check: Key; version: number }
  /**
   * Some attributes of an item set or removed, without replacing it (so a concurrent change to its
   * other attributes is kept). `condition` (with `values`, names as `#attribute`) must hold;
   * without one the item must exist.
   */
  | { update: Key; set?: Record<string, unknown>; add?: Record<string, number>; remove?: string[]; condition?: string; values?: Record<string, unknown> };

const versionIs = (version: number) => ({
  ConditionExpression: 'attribute_exists(pk) AND #version = :previous',
  ExpressionAttributeNames: { '#version': 'version' },
  ExpressionAttributeValues: { ':previous': version },
});

/** A put that must create a new item, or replace the one at the version the caller read. */
const put = (item: Item, previousVersion?: number) =>
  previousVersion === undefined
    ? { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' }
    : { TableName: tableName(), Item: item, ...versionIs(previousVersion) };

/** The UpdateItem input of an update write (also for a store module that needs the item back: add `ReturnValues`). */
export function update(w: Extract<Write, { update: Key }>) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ...w.values };
  const sets = Object.entries(w.set ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([name, value], i) => {
    names[`#s${i}`] = name;
    values[`:s${i}`] = value;
    return `#s${i} = :s${i}`;
  });
  const adds = Object.entries(w.add ?? {}).map(([name, value], i) => {
    names[`#a${i}`] = name;
    values[`:a${i}`] = value;
    return `#a${i} :a${i}`;
  });
  const removes = (w.remove ?? []).map((name, i) => {
    names[`#r${i}`] = name;
    return `#r${i}`;
  });
  // Names the condition spells as `#attribute` (the attribute's own name).
  for (const [, name] of (w.condition ?? '').matchAll(/#(\w+)/g)) names[`#${name}`] = name!;
  return {
    TableName: tableName(),
    Key: w.update,
    UpdateExpression: [sets.length ? `SET ${sets.join(', ')}` : '', adds.length ? `ADD ${adds.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : ''].filter(Boolean).join(' '),
    ConditionExpression: w.condition ?? 'attribute_exists(pk)',
    ExpressionAttributeNames: names,
    ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
  };
}

function toTransactItem(w: Write) {
  if ('delete' in w) {
    const condition = w.version !== undefined ? versionIs(w.version) : w.mustExist ? { ConditionExpression: 'attribute_exists(pk)' } : {};
    return { Delete: { TableName: tableName(), Key: w.delete, ...condition } };
  }
  if ('check' in w) return { ConditionCheck: { TableName: tableName(), Key: w.check, ...versionIs(w.version) } };
  if ('update' in w) return { Update: update(w) };
  return { Put: put(w.item, w.previousVersion) };
}

/** The command for a list of writes: one write on its own needs no transaction (and costs half as much). */
function commandFor(writes: Write[]) {
  const w = writes.length === 1 ? writes[0]! : undefined;
  if (w && 'delete' in w) return () => dynamo().send(new DeleteCommand(toTransactItem(w).Delete!));
  if (w && 'update' in w) return () => dynamo().send(new UpdateCommand(update(w)));
  if (w && 'item' in w) return () => dynamo().send(new PutCommand(put(w.item, w.previousVersion)));
  return () => dynamo().send(new TransactWriteCommand({ TransactItems: writes.map(toTransactItem) }));
}

/** How often a transaction that met another one on the same items is tried again, and the first pause. */
const CONFLICT_RETRIES = 4;
const CONFLICT_BACKOFF_MS = 25;
const pause = (attempt: number, baseMs: number) => new Promise((r) => setTimeout(r, baseMs * 2 ** attempt * (0.5 + Math.random())));

/** What a failed write means: a condition did not hold, it met another transaction, or something else. */
function failureOf(e: unknown): 'condition' | 'conflict' | undefined {
  if (e instanceof ConditionalCheckFailedException) return 'condition';
  if (e instanceof TransactionCanceledException) {
    const codes = (e.CancellationReasons ?? []).map((r) => r.Code);
    if (codes.includes('ConditionalCheckFailed')) return 'condition';
    // TransactionConflict: another transaction was writing one of the same items at that moment.
    if (codes.includes('TransactionConflict')) return 'conflict';
  }
  return undefined;
}

/**
 * Writes all or nothing (one transaction, up to 100 items). A transaction that met another on the
 * same items is tried again after a pause; true if every condition held, false if one did not.
 */
export async function tryWrite(writes: Write[]): Promise<boolean> {
  const send = commandFor(writes);
  for (let attempt = 0; ; attempt++) {
    try {
      await send();
      return true;
    } catch (e) {
      const failure = failureOf(e);
      if (failure === 'conflict' && attempt < CONFLICT_RETRIES) {
        await pause(attempt, CONFLICT_BACKOFF_MS);
        continue;
      }
      if (failure) return false;
      throw e;
    }
  }
}

/** Writes all or nothing; a condition that did not hold means a concurrent change (409, nothing saved). */
export async function writeAll(writes: Write[], what = 'this'): Promise<void> {
  if (!(await tryWrite(writes))) {
    throw new ConflictError(`Someone else changed ${what} at the same time. Reload and try again; nothing was saved.`);
  }
}

/** A replacement of an entity at the version read. */
export const replace = (item: Item, readVersion: number): Write => ({ item, previousVersion: readVersion });
export const create = (item: Item): Write => ({ item });

// ---- reads ----

export async function get<S extends z.ZodType>(schema: S, key: Key, consistent = false): Promise<z.output<S> | undefined> {
  const out = await dynamo().send(new GetCommand({ TableName: tableName(), Key: key, ...(consistent ? { ConsistentRead: true } : {}) }));
  return parsed(schema, out.Item);
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

/** Attempts of one BatchGetItem and the first pause: DynamoDB leaves keys unprocessed when throttled. */
const BATCH_GET_ATTEMPTS = 8;
const BATCH_GET_BACKOFF_MS = 20;
/** The most keys one BatchGetItem takes. */
const BATCH_GET_MAX = 100;

/**
 * Several items by key (strongly consistent), keyed `pk|sk`. Keys DynamoDB leaves unprocessed are
 * asked for again after a growing pause; if some are still left, it throws rather than answer as if
 * they did not exist (a throttled read of a meeting must not become a 404).
 */
export async function batchGet(list: Key[]): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  if (list.length > BATCH_GET_MAX) {
    const parts = await Promise.all(Array.from({ length: Math.ceil(list.length / BATCH_GET_MAX) }, (_, i) => batchGet(list.slice(i * BATCH_GET_MAX, (i + 1) * BATCH_GET_MAX))));
    return new Map(parts.flatMap((m) => [...m]));
  }
  let pending: Record<string, unknown>[] = list;
  for (let attempt = 0; pending.length; attempt++) {
    if (attempt === BATCH_GET_ATTEMPTS) throw new Error(`DynamoDB left ${pending.length} of ${list.length} keys unread after ${attempt} attempts`);
    if (attempt > 0) await pause(attempt - 1, BATCH_GET_BACKOFF_MS);
    const out = await dynamo().send(new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: pending, ConsistentRead: true } } }));
    for (const item of out.Responses?.[tableName()] ?? []) found.set(`${item.pk}|${item.sk}`, item);
    pending = (out.UnprocessedKeys?.[tableName()]?.Keys as Record<string, unknown>[] | undefined) ?? [];
  }
  return found;
}
export const foundAt = (found: Map<string, Record<string, unknown>>, key: Key) => found.get(`${key.pk}|${key.sk}`);

const [gsi1, gsi2] = tableSchema.indexes;

/** Items of one Query split by sort-key prefix and parsed with the entity's schema. */
const ofPrefix =
  (items: Record<string, unknown>[]) =>
  <S extends z.ZodType>(prefix: string, schema: S): z.output<S>[] =>
    items.filter((i) => String(i.sk).startsWith(prefix)).map((i) => parsed(schema, i)!);

// ---- meetings ----

export interface MeetingBundle {
  meeting: Meeting;
  agendaItems: AgendaItem[];
  requests: ReportRequest[];
  actions: Action[];
  /** Every submitted paper version of the meeting's requests. */
  papers: PaperVersion[];
  /** The records of the request emails (whether each went). */
  emails: EmailRecord[];
  /** Its minutes and attendance (issue 13), once staff have started them. */
  minutes?: Minutes;
}

/** A changed entity and the version it was read at. */
export interface Change<T> {
  next: T;
  readVersion: number;
}

export const meetingStore = {
  get: (meetingId: string) => get(Meeting, keys.meeting(meetingId)),

  /**
   * A meeting with its agenda, report requests, paper versions, email records and actions: one Query
   * on the meeting's partition, over the range from the first `ACTION#` to the last `REQUEST#`, which
   * leaves out the requests' history (its keys sort after).
   */
  async bundle(meetingId: string): Promise<MeetingBundle | undefined> {
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': keys.meetingPartition(meetingId).pk, ':from': sortKeyPrefix.action, ':to': `${sortKeyPrefix.request}\uffff` },
    });
    const meeting = parsed(Meeting, items.find((i) => i.sk === keys.meeting(meetingId).sk));
    if (!meeting) return undefined;
    const of = ofPrefix(items);
    return {
      meeting,
      agendaItems: of(sortKeyPrefix.agendaItem, AgendaItem),
      requests: of(sortKeyPrefix.request, ReportRequest),
      actions: of(sortKeyPrefix.action, Action),
      papers: of(sortKeyPrefix.paper, PaperVersion),
      emails: of(sortKeyPrefix.email, EmailRecord),
      minutes: parsed(Minutes, items.find((i) => i.sk === keys.minutes(meetingId).sk)),
    };
  },

  /**
   * A meeting as its view shows it (issue 15 §8): two key ranges of its partition, in parallel: from
   * the first `ACTION#` to the last `OUTBOX#` (actions, agenda, the meeting, its minutes, the email
   * records) and the `REQUEST#` range. Not the paper versions between them (each request keeps its
   * latest in short) nor the history after them. A request submitted before requests kept their latest
   * version has its versions read (a Query of its `PAPER#` range each, in parallel): none once resubmitted.
   */
  async view(meetingId: string): Promise<MeetingBundle | undefined> {
    const pk = keys.meetingPartition(meetingId).pk;
    const between = (from: string, to: string) => queryAll({ KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to', ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to } });
    const [head, requestItems] = await Promise.all([between(sortKeyPrefix.action, `${sortKeyPrefix.email}\uffff`), between(sortKeyPrefix.request, `${sortKeyPrefix.request}\uffff`)]);
    const meeting = parsed(Meeting, head.find((i) => i.sk === keys.meeting(meetingId).sk));
    if (!meeting) return undefined;
    const of = ofPrefix(head);
    const requests = ofPrefix(requestItems)(sortKeyPrefix.request, ReportRequest);
    const unkept = requests.filter((r) => r.submittedAt && !r.latestVersion);
    const papers = (await Promise.all(unkept.map((r) => between(`${sortKeyPrefix.paper}${r.id}#`, `${sortKeyPrefix.paper}${r.id}#\uffff`)))).flatMap((items) => ofPrefix(items)(sortKeyPrefix.paper, PaperVersion));
    return {
      meeting,
      agendaItems: of(sortKeyPrefix.agendaItem, AgendaItem),
      requests,
      actions: of(sortKeyPrefix.action, Action),
      papers,
      emails: of(sortKeyPrefix.email, EmailRecord),
      minutes: parsed(Minutes, head.find((i) => i.sk === keys.minutes(meetingId).sk)),
    };
  },

  /**
   * A meeting with its report requests, their paper versions and email records (the tracking view):
   * one Query over the sort-key range from `MEETING` to the last `REQUEST#`, which skips the agenda,
   * the actions and the history.
   */
  async withRequests(meetingId: string): Promise<Pick<MeetingBundle, 'meeting' | 'requests' | 'papers' | 'emails'> | undefined> {
    const meetingSk = keys.meeting(meetingId).sk;
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': keys.meetingPartition(meetingId).pk, ':from': meetingSk, ':to': `${sortKeyPrefix.request}\uffff` },
    });
    const meeting = parsed(Meeting, items.find((i) => i.sk === meetingSk));
    if (!meeting) return undefined;
    const of = ofPrefix(items);
    return { meeting, requests: of(sortKeyPrefix.request, ReportRequest), papers: of(sortKeyPrefix.paper, PaperVersion), emails: of(sortKeyPrefix.email, EmailRecord) };
  },

  /** A meeting and its agenda items (not its requests, papers or actions): one Query over `AGENDA#` to `MEETING`. */
  async agenda(meetingId: string): Promise<Pick<MeetingBundle, 'meeting' | 'agendaItems'> | undefined> {
    const meetingSk = keys.meeting(meetingId).sk;
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': keys.meetingPartition(meetingId).pk, ':from': sortKeyPrefix.agendaItem, ':to': meetingSk },
    });
    const meeting = parsed(Meeting, items.find((i) => i.sk === meetingSk));
    return meeting && { meeting, agendaItems: ofPrefix(items)(sortKeyPrefix.agendaItem, AgendaItem) };
  },

  /** Meetings whose start is in [fromIso, toIso), by start time (gsi1). */
  async list(fromIso = '0000', toIso = '9999'): Promise<Meeting[]> {
    const pk = keys.meetingsByStart('', '').gsi1pk;
    const items = await queryAll({
      IndexName: gsi1!.name,
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      ExpressionAttributeNames: { '#pk': gsi1!.partitionKey, '#sk': gsi1!.sortKey },
      ExpressionAttributeValues: { ':pk': pk, ':from': fromIso, ':to': toIso },
    });
    return items.map((i) => parsed(Meeting, i)!);
  },

  /** The earliest meeting's start (gsi1, one item), if there is any meeting. */
  async firstStart(): Promise<string | undefined> {
    const out = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: gsi1!.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': gsi1!.partitionKey, '#start': 'start' },
        ExpressionAttributeValues: { ':pk': keys.meetingsByStart('', '').gsi1pk },
        ProjectionExpression: '#start',
        Limit: 1,
      }),
    );
    return out.Items?.[0]?.start as string | undefined;
  },

  /** New meetings with their standing agendas: all or none. */
  create: (made: { meeting: Meeting; agenda: AgendaItem[] }[]) =>
    writeAll(made.flatMap(({ meeting, agenda }) => [create(itemOf.meeting(meeting)), ...agenda.map((a) => create(itemOf.agendaItem(a)))]), 'the meetings'),

  save: (change: Change<Meeting>, what = 'this meeting') => writeAll([replace(itemOf.meeting(change.next), change.readVersion)], what),

  /** A topic put on a meeting's agenda: the new agenda item (if any), the meeting's order, the topic. */
  scheduleTopic: (plan: SchedulePlan) => writeAll(scheduleWrites(plan), 'this agenda'),
};

/** Putting a topic on a meeting: what changes. The meeting is checked, even when only the topic changes. */
export interface SchedulePlan {
  meeting: Change<Meeting> & { changed: boolean };
  agendaItem?: AgendaItem;
  topic?: Change<Topic>;
}

function scheduleWrites(plan: SchedulePlan): Write[] {
  const { meeting } = plan;
  return [
    ...(plan.agendaItem ? [create(itemOf.agendaItem(plan.agendaItem))] : []),
    meeting.changed ? replace(itemOf.meeting(meeting.next), meeting.readVersion) : { check: keys.meeting(meeting.next.id), version: meeting.readVersion },
    ...(plan.topic ? [replace(itemOf.topic(plan.topic.next), plan.topic.readVersion)] : []),
  ];
}

// ---- minutes (issue 13) ----

export const minutesStore = {
  get: (meetingId: string) => get(Minutes, keys.minutes(meetingId)),

  /** Every published revision of a meeting's minutes, oldest first: one Query on their own partition. */
  async revisions(meetingId: string): Promise<MinutesRevision[]> {
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.minutesRevisionPartition(meetingId).pk },
    });
    return items.map((i) => parsed(MinutesRevision, i)!);
  },

  /**
   * One step of the minutes, all or nothing: the minutes (new when read at version 0, else on the
   * version read), the meeting item that carries their state and the recording link (on its
   * version: a meeting write replaces the whole item), the topics their future items made, and the
   * revision a publication or approval keeps. Two editors: the second is refused (409), nothing lost.
   */
  save: (args: { minutes: Change<Minutes>; meeting: Change<Meeting>; topics?: Topic[]; revision?: MinutesRevision }) =>
    writeAll(
      [
        args.minutes.readVersion === 0 ? create(itemOf.minutes(args.minutes.next)) : replace(itemOf.minutes(args.minutes.next), args.minutes.readVersion),
        replace(itemOf.meeting(args.meeting.next), args.meeting.readVersion),
        ...(args.topics ?? []).map((t) => create(itemOf.topic(t))),
        ...(args.revision ? [create(itemOf.minutesRevision(args.revision))] : []),
      ],
      'these minutes',
    ),
};

// ---- topics ----

export const topicStore = {
  get: (topicId: string) => get(Topic, keys.topic(topicId)),

  async list(): Promise<Topic[]> {
    const items = await queryAll({
      IndexName: gsi1!.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': gsi1!.partitionKey },
      ExpressionAttributeValues: { ':pk': keys.topicsByCreation('', '').gsi1pk },
    });
    return items.map((i) => parsed(Topic, i)!);
  },

  create: (topic: Topic) => writeAll([create(itemOf.topic(topic))], 'the topics'),
  save: (change: Change<Topic>) => writeAll([replace(itemOf.topic(change.next), change.readVersion)], 'this topic'),
};

// ---- report requests ----

export const requestStore = {
  get: (meetingId: string, requestId: string) => get(ReportRequest, keys.request(meetingId, requestId)),

  /**
   * A new request with its history entry and the records of its two emails, in the transaction that
   * schedules its topic: the topic always changes (it names its active request), so two requests
   * for one topic made at the same moment cannot both be saved.
   */
  create: (args: { request: ReportRequest; history: HistoryEntry; emails: EmailRecord[]; schedule: SchedulePlan; people?: Write[] }) =>
    writeAll(
      [
        ...scheduleWrites(args.schedule),
        create(itemOf.request(args.request)),
        create(itemOf.history(args.history)),
        ...args.emails.map((e) => create(itemOf.email(e))),
        // New people typed in on the request, saved to the people list in the same transaction.
        ...(args.people ?? []),
      ],
      'this meeting',
    ),

  /** A new link for a request: the request, its history entry and the records of the emails carrying the link. */
  reissue: (args: Change<ReportRequest> & { history: HistoryEntry; emails: EmailRecord[] }) =>
    writeAll([replace(itemOf.request(args.next), args.readVersion), create(itemOf.history(args.history)), ...args.emails.map((e) => create(itemOf.email(e)))], 'this request'),

  /** A request changed with its history entry (a decision, a withdrawal), and its topic if that changes too. */
  saveWithHistory: (args: Change<ReportRequest> & { history: HistoryEntry; topic?: Change<Topic> }) =>
    writeAll(
      [
        replace(itemOf.request(args.next), args.readVersion),
        create(itemOf.history(args.history)),
        ...(args.topic ? [replace(itemOf.topic(args.topic.next), args.topic.readVersion)] : []),
      ],
      'this request',
    ),

  /** A request changed on its own (a reminder link added). */
  save: (change: Change<ReportRequest>) => writeAll([replace(itemOf.request(change.next), change.readVersion)], 'this request'),
};

// ---- actions ----

export const actionStore = {
  get: (meetingId: string, actionId: string) => get(Action, keys.action(meetingId, actionId)),

  /** Actions not completed, raised at meetings that started before `beforeIso` (sparse gsi2). */
  async listOpen(beforeIso = '9999'): Promise<Action[]> {
    const items = await queryAll({
      IndexName: gsi2!.name,
      KeyConditionExpression: '#pk = :pk AND #sk < :before',
      ExpressionAttributeNames: { '#pk': gsi2!.partitionKey, '#sk': gsi2!.sortKey },
      ExpressionAttributeValues: { ':pk': keys.openActionsByMeetingStart('', '').gsi2pk, ':before': beforeIso },
    });
    return items.map((i) => parsed(Action, i)!);
  },

  /** Every action, by the start of its meeting (gsi1; actions written before issue 12 join it at their next change). */
  async listAll(): Promise<Action[]> {
    const items = await queryAll({
      IndexName: gsi1!.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': gsi1!.partitionKey },
      ExpressionAttributeValues: { ':pk': keys.actionsByMeetingStart('', '').gsi1pk },
    });
    return items.map((i) => parsed(Action, i)!);
  },

  /** The actions raised at one meeting: one Query on its partition. */
  async ofMeeting(meetingId: string): Promise<Action[]> {
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.meetingPartition(meetingId).pk, ':prefix': sortKeyPrefix.action },
    });
    return items.map((i) => parsed(Action, i)!);
  },

  create: (action: Action) => writeAll([create(itemOf.action(action))], 'the actions'),
  save: (change: Change<Action>) => writeAll([replace(itemOf.action(change.next), change.readVersion)], 'this action'),
};
