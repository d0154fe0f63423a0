/**
 * The writes of a meeting's cancellation (issue 12 §3), each a transaction of at most 100 items,
 * every item conditional on what was read: request withdrawals (with history, topic and the
 * records of the emails to author and sponsor), questions closed (with their email's record) and
 * questions moved to another meeting's partition (deleted here at the version read, created there,
 * with their contact and email record, the target meeting checked unchanged). A group that fails
 * its condition writes nothing; the groups before it stay written, and a retry carries on from there.
 */
import type { ReportRequest, Topic } from '../schemas/entities.js';
import { Topic as TopicSchema } from '../schemas/entities.js';
import type { HistoryEntry } from '../schemas/papers.js';
import type { Contact, Question } from '../schemas/questions.js';
import type { EmailRecord } from '../schemas/emails.js';
import { keys } from './keys.js';
import { batchGet, create, foundAt, itemOf, parsed, replace, writeAll, type Change, type Write } from './store.js';
import { questionItemOf } from './questions.js';

/** DynamoDB's limit on the items of one transaction. */
export const TRANSACTION_MAX_ITEMS = 100;

export interface Withdrawal {
  request: Change<ReportRequest>;
  history: HistoryEntry;
  topic?: Change<Topic>;
  emails: EmailRecord[];
}

export interface Closing {
  question: Change<Question>;
  email?: EmailRecord;
}

export interface Move {
  /** The question as read (deleted at that version) and as it will be in the target meeting. */
  from: Question;
  to: Question;
  /** The contact as read (deleted; it must still exist) and as it will be. */
  contact?: { from: Contact; to: Contact };
  email?: EmailRecord;
}

const withdrawalWrites = (w: Withdrawal): Write[] => [
  replace(itemOf.request(w.request.next), w.request.readVersion),
  create(itemOf.history(w.history)),
  ...(w.topic ? [replace(itemOf.topic(w.topic.next), w.topic.readVersion)] : []),
  ...w.emails.map((e) => create(itemOf.email(e))),
];

const closingWrites = (c: Closing): Write[] => [
  replace(questionItemOf.question(c.question.next), c.question.readVersion),
  ...(c.email ? [create(itemOf.email(c.email))] : []),
];

const moveWrites = (m: Move): Write[] => [
  { delete: keys.question(m.from.meetingId, m.from.id), version: m.from.version },
  create(questionItemOf.question(m.to)),
  ...(m.contact
    ? [{ delete: keys.questionContact(m.contact.from.meetingId, m.contact.from.questionId), mustExist: true }, create(questionItemOf.contact(m.contact.to))]
    : []),
  ...(m.email ? [create(itemOf.email(m.email))] : []),
];

/** How many items each entry writes: the use-case groups entries into transactions by these. */
export const itemsOf = {
  withdrawal: (w: Withdrawal) => withdrawalWrites(w).length,
  closing: (c: Closing) => closingWrites(c).length,
  move: (m: Move) => moveWrites(m).length,
};

export const cancellationStore = {
  /** Topics by id (one BatchGetItem per 100): those the withdrawn requests name. */
  async topics(ids: string[]): Promise<Map<string, Topic>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    const found = await batchGet(unique.map((id) => keys.topic(id)));
    const out = new Map<string, Topic>();
    for (const id of unique) {
      const topic = parsed(TopicSchema, foundAt(found, keys.topic(id)));
      if (topic) out.set(id, topic);
    }
    return out;
  },

  /** Withdrawals, all or none (at most 100 items: the caller groups them). */
  withdraw: (list: Withdrawal[]) => writeAll(list.flatMap(withdrawalWrites), 'a request of this meeting'),

  /** Questions closed, all or none. */
  close: (list: Closing[]) => writeAll(list.flatMap(closingWrites), 'a question of this meeting'),

  /** Questions moved to `target` (checked at the version read), all or none; 99 items at most besides the check. */
  move: (target: { id: string; version: number }, list: Move[]) =>
    writeAll([{ check: keys.meeting(target.id), version: target.version }, ...list.flatMap(moveWrites)], 'a question of this meeting, or the meeting they move to,'),
};
