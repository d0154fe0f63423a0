/**
 * Public questions in the table: a partition per meeting (`QUESTIONS#<meetingId>`) holding each
 * question, its contact (the personal data, a separate item), the reference counter and the claimed
 * form submissions. Every key comes from keys.ts; every read is a GetItem, BatchGetItem or Query.
 */
import { BatchWriteCommand, DeleteCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { dynamo } from '../aws/clients.js';
import { Meeting } from '../schemas/entities.js';
import { Contact, Question, queueStateOf, queueStates, type QueueCursor, type QueueState } from '../schemas/questions.js';
import { EmailRecord } from '../schemas/emails.js';
import { keys, queueNumber, queueStatePrefix, questionSortKeyPrefix, tableSchema } from './keys.js';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet, create, DUE_NOW, foundAt, itemOf, remindable, parsed, queryAll, replace, strip, tableName, writeAll, type Change } from './store.js';

const [gsi1, gsi2, gsi3] = tableSchema.indexes;

/** A question's place in the queue index (gsi3): what a page, a count or a cursor is made of. */
export interface QueueEntry {
  state: QueueState;
  number: number;
  id: string;
}
const entryOf = (item: Record<string, unknown>): QueueEntry => {
  const [state, number, id] = String(item.gsi3sk).split('#');
  return { state: state as QueueState, number: Number(number), id: id! };
};
/** The index key a cursor names (DynamoDB's LastEvaluatedKey on gsi3, rebuilt from its parts). */
const queueKey = (meetingId: string, e: QueueEntry) => ({ ...keys.question(meetingId, e.id), ...keys.questionQueue(meetingId, e.state, e.number, e.id) });

export const questionItemOf = {
  question: (q: Question) => ({
    ...keys.question(q.meetingId, q.id),
    ...keys.questionById(q.id),
    ...keys.questionQueue(q.meetingId, queueStateOf(q), q.number, q.id),
    // An answered question (alone, or the lead of a group: it holds the one answer) is in the
    // archive's search index (sparse gsi2); the page shows it once the meeting has started.
    ...(q.status === 'accepted' && q.answer && (q.groupId === undefined || q.groupId === q.id)
      ? keys.published(q.meetingId, `QUESTION#${q.id}`)
      : // An accepted question has a reminder ahead (the note before the meeting): in the reminder sweep's index (issue 15 §8).
        remindable.question(q)
        ? keys.remindersDue(DUE_NOW, keys.question(q.meetingId, q.id))
        : {}),
    entity: 'question',
    ...q,
  }),
  contact: (c: Contact) => ({
    ...keys.questionContact(c.meetingId, c.questionId),
    ...keys.contactByQuestionId(c.questionId),
    // Sparse index of what the purge job removes, and DynamoDB's TTL (`expiresAt`) as a backstop.
    ...keys.contactsByExpiry(c.expiresOn, c.questionId),
    entity: 'questionContact',
    ...c,
  }),
};

/** The record of one form submission: which question it made and whether it was acknowledged. */
export interface Submission {
  questionId: string;
  reference: string;
  meetingId: string;
  /** Not emailed: the acknowledgement limits were reached (a refresh does not try again). Otherwise its acknowledgement is in the outbox. */
  emailLimitedAt?: string;
  expiresAt: number;
}


const isConditionFailure = (e: unknown) => e instanceof ConditionalCheckFailedException;

export const questionStore = {
  /** What a submission needs, in one call: the meeting and an earlier identical post. */
  async submissionContext(meetingId: string, submissionHash: string) {
    const meetingKey = keys.meeting(meetingId);
    const submissionKey = keys.questionSubmission(meetingId, submissionHash);
    const found = await batchGet([meetingKey, submissionKey]);
    return {
      meeting: parsed(Meeting, foundAt(found, meetingKey)),
      submission: strip<Submission>(foundAt(found, submissionKey)),
    };
  },

  /**
   * The next reference number of a meeting: an atomic ADD on its counter item, so any number of
   * submissions at once each get their own number, with no retries (a conditional claim of "last
   * read + 1" inside the creating transaction made 50 posts at once fail: measured by the bench).
   * A number claimed by a post that then turns out to repeat another is not used: a gap, never a
   * duplicate.
   */
  async claimNumber(meetingId: string): Promise<number> {
    const out = await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.questionCounter(meetingId),
        UpdateExpression: 'SET entity = :entity ADD #last :one',
        ExpressionAttributeNames: { '#last': 'last' },
        ExpressionAttributeValues: { ':one': 1, ':entity': 'questionCounter' },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(out.Attributes?.last);
  },

  /**
   * One transaction: create the question and its contact, claim the submission and queue the
   * acknowledgement (when the limits allow one). Returns `duplicate` when the same submission (a
   * double click, a retried post) got there first.
   */
  async createQuestion(args: { question: Question; contact: Contact; submissionHash: string; submission: Submission; email?: EmailRecord }) {
    const { question, contact } = args;
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: tableName(), Item: questionItemOf.question(question), ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName: tableName(), Item: questionItemOf.contact(contact), ConditionExpression: 'attribute_not_exists(pk)' } },
            {
              Put: {
                TableName: tableName(),
                Item: { ...keys.questionSubmission(question.meetingId, args.submissionHash), entity: 'questionSubmission', ...args.submission },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...(args.email ? [{ Put: { TableName: tableName(), Item: itemOf.email(args.email), ConditionExpression: 'attribute_not_exists(pk)' } }] : []),
          ],
        }),
      );
      return 'created' as const;
    } catch (e) {
      if (e instanceof TransactionCanceledException) {
        const codes = (e.CancellationReasons ?? []).map((r) => r.Code);
        if (codes[2] === 'ConditionalCheckFailed' || codes.includes('TransactionConflict')) return 'duplicate' as const;
      }
      throw e;
    }
  },

  async questionWithContact(meetingId: string, questionId: string) {
    const qKey = keys.question(meetingId, questionId);
    const cKey = keys.questionContact(meetingId, questionId);
    const found = await batchGet([qKey, cKey]);
    return { question: parsed(Question, foundAt(found, qKey)), contact: parsed(Contact, foundAt(found, cKey)) };
  },

  /**
   * Count one more in a fixed window (a submission from an address, an acknowledgement to an email
   * address or to everyone); false once the limit is reached. A conditional update on a counter item
   * that DynamoDB's TTL removes after the window.
   */
  async countInWindow(who: string, window: string, limit: number, expiresAt: number): Promise<boolean> {
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.rateLimit('questions', who, window),
          UpdateExpression: 'ADD #n :one SET expiresAt = :exp, entity = :entity',
          ConditionExpression: 'attribute_not_exists(#n) OR #n < :limit',
          ExpressionAttributeNames: { '#n': 'count' },
          ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':exp': expiresAt, ':entity': 'rateLimit' },
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  },

  /**
   * Some questions of a meeting by id, with the contacts of those named in `contactsOf`: one
   * BatchGetItem (strongly consistent), whatever the size of the meeting's questions.
   */
  async byIds(meetingId: string, ids: string[], contactsOf: string[] = []): Promise<{ questions: Map<string, Question>; contacts: Map<string, Contact> }> {
    const unique = [...new Set(ids)];
    const found = await batchGet([...unique.map((id) => keys.question(meetingId, id)), ...[...new Set(contactsOf)].map((id) => keys.questionContact(meetingId, id))]);
    const questions = new Map<string, Question>();
    const contacts = new Map<string, Contact>();
    for (const id of unique) {
      const question = parsed(Question, foundAt(found, keys.question(meetingId, id)));
      if (question) questions.set(id, question);
    }
    for (const id of contactsOf) {
      const contact = parsed(Contact, foundAt(found, keys.questionContact(meetingId, id)));
      if (contact) contacts.set(id, contact);
    }
    return { questions, contacts };
  },

  /**
   * One page of a meeting's queue (gsi3, keys only): the `limit` questions of a state (or of every
   * state, in state order) after a cursor's question, or before it (`d: 'p'`, read backwards). One
   * Query of `limit + 1` keys, whatever the number of questions: `more` says whether there are more
   * beyond the page in the direction read.
   */
  async queuePage(meetingId: string, opts: { state?: QueueState; cursor?: QueueCursor; limit: number; newestFirst?: boolean }): Promise<{ entries: QueueEntry[]; more: boolean }> {
    const backwards = opts.cursor?.d === 'p';
    const out = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: gsi3!.name,
        KeyConditionExpression: opts.state ? '#pk = :pk AND begins_with(#sk, :state)' : '#pk = :pk',
        ExpressionAttributeNames: { '#pk': gsi3!.partitionKey, ...(opts.state ? { '#sk': gsi3!.sortKey } : {}) },
        ExpressionAttributeValues: { ':pk': keys.questionsPartition(meetingId).pk, ...(opts.state ? { ':state': queueStatePrefix(opts.state) } : {}) },
        ...(opts.cursor ? { ExclusiveStartKey: queueKey(meetingId, { state: opts.cursor.s, number: opts.cursor.n, id: opts.cursor.i }) } : {}),
        ScanIndexForward: !backwards && !opts.newestFirst,
        Limit: opts.limit + 1,
      }),
    );
    const found = (out.Items ?? []).map(entryOf);
    const entries = found.slice(0, opts.limit);
    return { entries: backwards ? entries.reverse() : entries, more: found.length > opts.limit };
  },

  /**
   * How many questions a meeting has in each queue state: one Query of its gsi3 entries, keys only
   * (about 200 bytes each, so one call reads some 5,000 questions; a page more for each 5,000 after).
   */
  async queueCounts(meetingId: string): Promise<Record<QueueState, number> & { maxNumber: number }> {
    const items = await queryAll({
      IndexName: gsi3!.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': gsi3!.partitionKey, '#sk': gsi3!.sortKey },
      ExpressionAttributeValues: { ':pk': keys.questionsPartition(meetingId).pk },
      ProjectionExpression: '#sk',
    });
    const counts = Object.fromEntries(queueStates.map((s) => [s, 0])) as Record<QueueState, number>;
    let maxNumber = 0;
    for (const i of items) {
      const e = entryOf(i);
      counts[e.state] += 1;
      maxNumber = Math.max(maxNumber, e.number);
    }
    return { ...counts, maxNumber };
  },

  /**
   * The questions of a meeting numbered `from` to `to` (a part of the CSV), in every state: one
   * Query of gsi3 keys per state (`<state>#<from>` to `<state>#<to>#…`), in parallel.
   */
  async numbered(meetingId: string, from: number, to: number): Promise<QueueEntry[]> {
    const found = await Promise.all(
      queueStates.map((state) =>
        queryAll({
          IndexName: gsi3!.name,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
          ExpressionAttributeNames: { '#pk': gsi3!.partitionKey, '#sk': gsi3!.sortKey },
          ExpressionAttributeValues: {
            ':pk': keys.questionsPartition(meetingId).pk,
            ':from': `${queueStatePrefix(state)}${queueNumber(from)}`,
            ':to': `${queueStatePrefix(state)}${queueNumber(to)}#\uffff`,
          },
        }),
      ),
    );
    return found.flat().map(entryOf);
  },

  /** The most recently numbered accepted leads (or questions accepted alone) of a meeting, newest first: one Query of `limit` keys. */
  async recentLeads(meetingId: string, limit: number): Promise<QueueEntry[]> {
    return (await questionStore.queuePage(meetingId, { state: 'accepted', limit, newestFirst: true })).entries;
  },

  /**
   * The questions of a meeting with a number (from a typed reference), in the given queue states: one
   * small Query per state (`begins_with(gsi3sk, <state>#<number>#)`), in parallel. More than one only
   * when a question moved here from a cancelled meeting shares the number (its reference differs).
   */
  async byNumber(meetingId: string, number: number, states: readonly QueueState[]): Promise<QueueEntry[]> {
    const found = await Promise.all(
      states.map((state) =>
        dynamo().send(
          new QueryCommand({
            TableName: tableName(),
            IndexName: gsi3!.name,
            KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
            ExpressionAttributeNames: { '#pk': gsi3!.partitionKey, '#sk': gsi3!.sortKey },
            ExpressionAttributeValues: { ':pk': keys.questionsPartition(meetingId).pk, ':prefix': `${queueStatePrefix(state)}${queueNumber(number)}#` },
          }),
        ),
      ),
    );
    return found.flatMap((out) => (out.Items ?? []).map(entryOf));
  },

  /** Email records about questions, by key (their question, purpose and round): one BatchGetItem per 100. */
  async emailsByKey(meetingId: string, wanted: { questionId: string; purpose: string; round: string }[]): Promise<EmailRecord[]> {
    if (!wanted.length) return [];
    const list = wanted.map((w) => keys.questionEmail(meetingId, w.questionId, w.purpose, w.round));
    const found = await batchGet(list);
    return list.flatMap((k) => {
      const item = foundAt(found, k);
      return item ? [parsed(EmailRecord, item)!] : [];
    });
  },

  /** A meeting's questions, their contacts and the records of their emails: one Query on the questions partition (the public page after the meeting, the CSV). */
  /** The email records of one question and purpose (every round): one Query. */
  async emailsOf(meetingId: string, questionId: string, purpose: string): Promise<EmailRecord[]> {
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.questionsPartition(meetingId).pk, ':prefix': `${questionSortKeyPrefix.email}${questionId}#${purpose}#` },
    });
    return items.map((i) => parsed(EmailRecord, i)!);
  },

  async meetingQuestions(meetingId: string): Promise<{ questions: Question[]; contacts: Map<string, Contact>; emails: EmailRecord[] }> {
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': keys.questionsPartition(meetingId).pk,
        ':from': questionSortKeyPrefix.contact,
        ':to': `${questionSortKeyPrefix.question}\uffff`,
      },
    });
    const of = (prefix: string) => items.filter((i) => String(i.sk).startsWith(prefix));
    const questions = of(questionSortKeyPrefix.question).map((i) => parsed(Question, i)!);
    const contacts = new Map(of(questionSortKeyPrefix.contact).map((i) => [String(i.questionId), parsed(Contact, i)!]));
    const emails = of(questionSortKeyPrefix.email).map((i) => parsed(EmailRecord, i)!);
    return { questions, contacts, emails };
  },

  /** A question and its contact by the question id alone (gsi1). */
  async byQuestionId(questionId: string): Promise<{ question?: Question; contact?: Contact }> {
    const items = await queryAll({
      IndexName: gsi1!.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': gsi1!.partitionKey },
      ExpressionAttributeValues: { ':pk': keys.questionById(questionId).gsi1pk },
    });
    const question = items.find((i) => i.entity === 'question');
    const contact = items.find((i) => i.entity === 'questionContact');
    return { question: parsed(Question, question), contact: parsed(Contact, contact) };
  },

  /** Contacts due for removal before an instant (sparse gsi2, by expiry): the purge job's one Query. */
  async contactsExpiringBefore(beforeIso: string): Promise<Pick<Contact, 'meetingId' | 'questionId' | 'expiresOn'>[]> {
    const items = await queryAll({
      IndexName: gsi2!.name,
      KeyConditionExpression: '#pk = :pk AND #sk < :before',
      ExpressionAttributeNames: { '#pk': gsi2!.partitionKey, '#sk': gsi2!.sortKey, '#m': 'meetingId', '#q': 'questionId', '#e': 'expiresOn' },
      ExpressionAttributeValues: { ':pk': keys.contactsByExpiry('', '').gsi2pk, ':before': beforeIso },
      ProjectionExpression: '#m, #q, #e',
    });
    return items.map((i) => ({ meetingId: String(i.meetingId), questionId: String(i.questionId), expiresOn: String(i.expiresOn) }));
  },

  async deleteContact(meetingId: string, questionId: string) {
    await dynamo().send(new DeleteCommand({ TableName: tableName(), Key: keys.questionContact(meetingId, questionId) }));
  },

  /** Delete many contacts, 25 to a BatchWriteItem, retrying what DynamoDB leaves unprocessed. */
  async deleteContacts(list: { meetingId: string; questionId: string }[]): Promise<number> {
    let deleted = 0;
    for (let i = 0; i < list.length; i += 25) {
      let requests: Record<string, unknown>[] = list.slice(i, i + 25).map((c) => ({ DeleteRequest: { Key: keys.questionContact(c.meetingId, c.questionId) } }));
      const size = requests.length;
      for (let attempt = 0; requests.length; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
        const out = await dynamo().send(new BatchWriteCommand({ RequestItems: { [tableName()]: requests as never } }));
        requests = (out.UnprocessedItems?.[tableName()] as Record<string, unknown>[] | undefined) ?? [];
        if (attempt > 8 && requests.length) throw new Error(`DynamoDB left ${requests.length} deletes unprocessed`);
      }
      deleted += size;
    }
    return deleted;
  },

  /**
   * A review: the questions it changes at the versions read (the question, and a lead it makes),
   * with the record of the outcome email when one goes, all or nothing (409 if any moved on).
   */
  saveReview: (args: { changed: { question: Question; previousVersion: number }[]; checked: Question[]; email?: EmailRecord }, what: string) =>
    writeAll(
      [
        ...args.changed.map((c) => replace(questionItemOf.question(c.question), c.previousVersion)),
        ...args.checked.map((q) => ({ check: keys.question(q.meetingId, q.id), version: q.version })),
        ...(args.email ? [create(itemOf.email(args.email))] : []),
      ],
      what,
    ),

  /**
   * An answer recorded on the lead question, at the version read; with the meeting when the answer
   * is its first (`answersPublishedAt`, for the archive), at the meeting's version read.
   */
  saveAnswer: (lead: Question, readVersion: number, what: string, meeting?: Change<Meeting>) =>
    writeAll([replace(questionItemOf.question(lead), readVersion), ...(meeting ? [replace(itemOf.meeting(meeting.next), meeting.readVersion)] : [])], what),
};
