/**
 * Cancelling a meeting (issue 12 §3): pure rules. The meeting is marked cancelled with its reason;
 * its report requests still awaited are withdrawn (`withdrawRequest`); its open public questions
 * (not answered, rejected, redirected elsewhere or already closed) move to the next meeting whose
 * questions are open, keeping their id and reference, or are closed. Clock and everything read are
 * passed in.
 */
import type { Meeting, ReportRequest } from '../schemas/entities.js';
import type { Contact, Question } from '../schemas/questions.js';
import { assertVersion } from './meetings.js';
import { ConflictError, invalid } from './errors.js';
import { contactExpiry, isMember, questionWindow } from './questions.js';
import { formatLondonDate } from './time.js';
import { byCodePoint } from './order.js';

export type QuestionsChoice = 'redirect' | 'close';

export interface CancelInput {
  version: number;
  reason: string;
  questions: QuestionsChoice;
}

/**
 * The meeting as cancelled. `redirectTo` is the meeting its open questions move to (required when
 * they are to be redirected). A held meeting cannot be cancelled; a cancelled one is not cancelled
 * again (the use-case resumes it instead).
 */
export function cancelMeeting(meeting: Meeting, input: CancelInput, redirectTo: Pick<Meeting, 'id'> | undefined, now: Date): Meeting {
  assertVersion(meeting, input.version, 'meeting');
  if (meeting.status === 'held') throw new ConflictError(`The meeting on ${formatLondonDate(meeting.start)} has been held; it cannot be cancelled.`);
  if (meeting.status === 'cancelled') throw new ConflictError(`The meeting on ${formatLondonDate(meeting.start)} is already cancelled.`);
  if (input.questions === 'redirect' && !redirectTo) {
    throw invalid('questions', 'No later meeting is taking questions, so the open questions cannot be redirected: close them instead, or schedule the next meeting first.');
  }
  const at = now.toISOString();
  return {
    ...meeting,
    status: 'cancelled',
    cancelledReason: input.reason,
    cancelledAt: at,
    cancelledQuestions: input.questions,
    ...(input.questions === 'redirect' ? { questionsMovedTo: redirectTo!.id } : {}),
    version: meeting.version + 1,
    updatedAt: at,
  };
}

/**
 * Where a cancelled meeting's questions can go: the first later meeting, not cancelled or held,
 * whose question window is still open at `now`. `candidates` carry their question deadlines.
 */
export function redirectTarget<M extends Meeting & { deadlines: { questionDeadline: string } }>(meeting: Pick<Meeting, 'id' | 'start'>, candidates: readonly M[], now: Date): M | undefined {
  return [...candidates]
    .filter((m) => m.id !== meeting.id && m.start > meeting.start)
    .sort((a, b) => byCodePoint(a.start, b.start))
    .find((m) => questionWindow(m, m.deadlines.questionDeadline, now).open);
}

/** The requests a cancellation withdraws: every one still awaited or in hand (a published paper stays published). */
export const requestsToWithdraw = (requests: readonly ReportRequest[]) => requests.filter((r) => r.status !== 'withdrawn' && r.status !== 'published');

/**
 * A meeting's open questions: waiting for review, or accepted and not yet answered (a member of a
 * group is answered when its lead is). Rejected, redirected (passed elsewhere) and closed ones are done.
 */
export function openQuestions(questions: readonly Question[]): Question[] {
  const byId = new Map(questions.map((q) => [q.id, q]));
  return questions.filter((q) => {
    if (q.status === 'submitted') return true;
    if (q.status !== 'accepted' || q.answer) return false;
    return !(isMember(q) && byId.get(q.groupId!)?.answer);
  });
}

/**
 * A question moved to another meeting: the same id, reference, text and deletion link, waiting for
 * review there (its review, agenda item and group were this meeting's). Its submitter's details
 * move with it, kept for the retention period after the new meeting.
 */
export function movedQuestion(
  q: Question,
  contact: Contact | undefined,
  target: Pick<Meeting, 'id' | 'start'>,
  retentionMonths: number,
  now: Date,
): { question: Question; contact?: Contact } {
  const at = now.toISOString();
  const { review: _r, agendaItemId: _a, groupId: _g, memberIds: _m, ...rest } = q;
  return {
    question: { ...rest, meetingId: target.id, status: 'submitted', movedFrom: { meetingId: q.meetingId, at }, version: q.version + 1, updatedAt: at },
    ...(contact ? { contact: { ...contact, meetingId: target.id, ...contactExpiry(target.start, retentionMonths) } } : {}),
  };
}

/** A question closed because its meeting was cancelled. */
export const closedQuestion = (q: Question, now: Date): Question => ({ ...q, status: 'closed', closedAt: now.toISOString(), version: q.version + 1, updatedAt: now.toISOString() });

/**
 * Entries split into groups whose items (as `size` counts them) fit one transaction of `max` items
 * (DynamoDB allows 100), keeping each entry whole. An entry bigger than `max` is refused.
 */
export function chunks<T>(entries: readonly T[], size: (entry: T) => number, max: number): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let used = 0;
  for (const entry of entries) {
    const n = size(entry);
    if (n > max) throw new Error(`One entry needs ${n} items; a transaction takes ${max}`);
    if (used + n > max) {
      out.push(current);
      current = [];
      used = 0;
    }
    current.push(entry);
    used += n;
  }
  if (current.length) out.push(current);
  return out;
}
