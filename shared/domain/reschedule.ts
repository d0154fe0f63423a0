/**
 * What moving a meeting does to its report requests (issue 12 §3): which due dates change, to what,
 * and which choices staff make are refused. Pure: the requests, the new meeting date, its papers-due
 * date and `now` are passed in.
 *
 * - A request still waiting for its paper (requested, returned) moves by default to the new
 *   papers-due date (or today, if that has passed and the meeting is still ahead).
 * - A request whose paper is in (submitted, accepted, published) keeps its date by default — whether
 *   it came in on time is history — unless that date is no longer before the new meeting day; then
 *   it moves like the others.
 * - Withdrawn requests are left alone and nobody is told about them.
 * - Staff can keep or set any request's date, but only to a date before the new meeting day (the
 *   rule a new request is held to): a kept date on or after it is refused with a field error.
 */
import type { ReportRequest } from '../schemas/entities.js';
import type { FieldIssue } from './errors.js';
import { formatLondonDate, isIsoDate } from './time.js';

/** What staff chose for one request's due date: the default move, keep it, or a date. */
export type DueDateChoice = 'move' | 'keep' | { date: string };

export interface DueDateMove {
  request: ReportRequest;
  /** The due date now. */
  from: string;
  /** The due date after the move (equal to `from` when it stays). */
  to: string;
  /** What decided `to`. */
  choice: 'move' | 'keep' | 'set';
  /** The date the request would move to by default, offered on the page. */
  proposed: string;
  /** Whether its paper is still awaited (the author has something to do by `to`). */
  awaiting: boolean;
}

/** DynamoDB takes at most 100 items in one transaction: the meeting, its moved requests and the email records must fit. */
export const MAX_TRANSACTION_ITEMS = 100;

export const awaitingPaper = (r: Pick<ReportRequest, 'status'>) => r.status === 'requested' || r.status === 'returned';

/** The due date a request moves to by default: the new papers-due date, never in the past while the meeting is still ahead. */
export function proposedDueDate(papersDue: string, meetingDay: string, today: string): string {
  if (papersDue >= today) return papersDue;
  return today < meetingDay ? today : papersDue;
}

/** Whether a request moves by default (see the module comment). */
export function movesByDefault(request: ReportRequest, meetingDay: string): boolean {
  return awaitingPaper(request) || request.dueDate >= meetingDay;
}

/**
 * Each request's due date after a move (withdrawn ones left out), and the issues with staff's
 * choices, each on the field `dueDates.<requestId>`. `choices` missing a request: its default.
 */
export function planDueDates(args: {
  requests: readonly ReportRequest[];
  /** The new meeting's London date (YYYY-MM-DD). */
  meetingDay: string;
  /** The new papers-due date. */
  papersDue: string;
  choices?: Readonly<Record<string, DueDateChoice | undefined>>;
  /** Today's London date. */
  today: string;
}): { moves: DueDateMove[]; issues: FieldIssue[] } {
  const { meetingDay, today } = args;
  const proposed = proposedDueDate(args.papersDue, meetingDay, today);
  const moves: DueDateMove[] = [];
  const issues: FieldIssue[] = [];
  const before = `before the meeting on ${formatLondonDate(meetingDay)}`;
  for (const request of args.requests) {
    if (request.status === 'withdrawn') continue;
    const chosen = args.choices?.[request.id] ?? (movesByDefault(request, meetingDay) ? 'move' : 'keep');
    const base = { request, from: request.dueDate, proposed, awaiting: awaitingPaper(request) };
    const field = `dueDates.${request.id}`;
    if (chosen === 'move') {
      if (proposed >= meetingDay) issues.push({ field, message: `“${request.title}” cannot be due ${before}: there are no days left. Withdraw the request instead.` });
      moves.push({ ...base, to: proposed, choice: 'move' });
    } else if (chosen === 'keep') {
      if (request.dueDate >= meetingDay) {
        issues.push({ field, message: `“${request.title}” is due ${formatLondonDate(request.dueDate)}, which is not ${before}: move it or set another date` });
      }
      moves.push({ ...base, to: request.dueDate, choice: 'keep' });
    } else {
      if (!isIsoDate(chosen.date)) issues.push({ field, message: `Enter the due date of “${request.title}” as a real date` });
      else if (chosen.date >= meetingDay) issues.push({ field, message: `The due date of “${request.title}” must be ${before}` });
      else if (chosen.date < today && chosen.date !== request.dueDate) issues.push({ field, message: `The due date of “${request.title}” must be today or later` });
      moves.push({ ...base, to: chosen.date, choice: 'set' });
    }
  }
  return { moves, issues };
}

/** The requests whose due date changes. */
export const changedDueDates = (moves: readonly DueDateMove[]) => moves.filter((m) => m.to !== m.from);

/** Refuses a change that needs more items than one transaction takes, saying what to do instead. */
export function transactionTooBig(items: number): FieldIssue | undefined {
  if (items <= MAX_TRANSACTION_ITEMS) return undefined;
  return {
    field: 'start',
    message:
      `Moving this meeting changes ${items} records (the meeting, the requests whose due dates change and one email record per person told), ` +
      `more than the ${MAX_TRANSACTION_ITEMS} that can be saved together. Keep more of the due dates, or withdraw requests first, then try again.`,
  };
}
