/**
 * What needs doing, across meetings (the staff home) and for one meeting (the meeting page's summary
 * line): pure rules over meetings with their deadlines, their report requests, their public questions
 * waiting for review and the open actions. `now` is passed in; every figure the pages show is
 * computed here, so a test can check it against the data.
 */
import type { ReportRequest } from '../schemas/entities.js';
import type { Deadlines } from './deadlines.js';
import { track, type Timeliness } from './requests.js';
import { daysBetween, formatLondonDate, londonDate } from './time.js';
import { byCodePoint } from './order.js';

/** Calendar days ahead a paper counts as "due this week". */
export const DUE_SOON_DAYS = 7;

export interface OverviewMeeting {
  id: string;
  title: string;
  start: string;
  status: string;
  deadlines: Deadlines;
  publishedAt?: string;
}

export type OverviewRequest = ReportRequest;

/** An open action; `targetDate` (a London date) where the action has one. */
export interface OverviewAction {
  id: string;
  meetingId: string;
  meetingStart: string;
  text: string;
  owner: string;
  status: string;
  createdAt: string;
  targetDate?: string;
}

/** Why a paper is on the home: the RAG status of a row. */
export const paperStates = ['overdue', 'late', 'due-soon', 'waiting-decision'] as const;
export type PaperState = (typeof paperStates)[number];

export const paperStateLabels: Record<PaperState, { text: string; rag: 'red' | 'amber' | 'green' }> = {
  overdue: { text: 'Overdue', rag: 'red' },
  late: { text: 'In late, to decide', rag: 'amber' },
  'due-soon': { text: 'Due this week', rag: 'amber' },
  'waiting-decision': { text: 'In, to decide', rag: 'green' },
};

/**
 * A request's state on the home, or undefined when it needs nothing now: overdue (not in, past its
 * due date), late (in after its due date, waiting for a decision), due this week (not in, due in
 * the next 7 days), in and waiting for a decision (on time).
 */
export function paperState(request: OverviewRequest, now: Date): { state: PaperState; timeliness: Timeliness; daysLeft: number | null } | undefined {
  const { timeliness, daysLeft } = track(request, now);
  const awaiting = request.status === 'requested' || request.status === 'returned';
  if (awaiting && timeliness === 'overdue') return { state: 'overdue', timeliness, daysLeft };
  if (awaiting && daysLeft !== null && daysLeft <= DUE_SOON_DAYS) return { state: 'due-soon', timeliness, daysLeft };
  if (request.status === 'submitted') return { state: timeliness === 'late' ? 'late' : 'waiting-decision', timeliness, daysLeft };
  return undefined;
}

export interface PaperRow {
  meeting: OverviewMeeting;
  request: OverviewRequest;
  state: PaperState;
  daysLeft: number | null;
  /** Whether the author is still to send the paper (so a reminder or a new link makes sense). */
  awaitingPaper: boolean;
}

export const overviewSorts = ['due', 'meeting', 'status'] as const;
export type OverviewSort = (typeof overviewSorts)[number];

export interface OverviewInput {
  meetings: { meeting: OverviewMeeting; requests: OverviewRequest[]; questionsToReview: number }[];
  openActions: OverviewAction[];
  now: Date;
  sort?: OverviewSort;
  overdueOnly?: boolean;
}

export interface DeadlineRow {
  meeting: OverviewMeeting;
  kind: 'papers-due' | 'agenda-publication' | 'question-deadline';
  label: string;
  date: string;
  daysLeft: number;
}

export interface QuestionRow {
  meeting: OverviewMeeting;
  waiting: number;
  deadline: string;
  /** Days to the question deadline (negative once it has passed). */
  daysLeft: number;
}

export interface ActionRow {
  action: OverviewAction;
  /** Days past the target date (0 or more), or null when the action has no target date. */
  daysOverdue: number | null;
}

const byDue = (a: PaperRow, b: PaperRow) => byCodePoint(a.request.dueDate, b.request.dueDate) || byCodePoint(a.meeting.start, b.meeting.start) || a.request.title.localeCompare(b.request.title);
const sorters: Record<OverviewSort, (a: PaperRow, b: PaperRow) => number> = {
  due: byDue,
  meeting: (a, b) => byCodePoint(a.meeting.start, b.meeting.start) || byDue(a, b),
  status: (a, b) => paperStates.indexOf(a.state) - paperStates.indexOf(b.state) || byDue(a, b),
};

const live = (m: OverviewMeeting) => m.status === 'planned' || m.status === 'agenda-published';

/** The staff home: papers needing attention, questions to review, actions past their date, the next deadlines. */
export function overview(input: OverviewInput) {
  const { now } = input;
  const today = londonDate(now.toISOString());
  const meetings = input.meetings.filter((m) => m.meeting.status !== 'cancelled');

  const allPapers: PaperRow[] = meetings.flatMap(({ meeting, requests }) =>
    requests.flatMap((request) => {
      const s = paperState(request, now);
      return s ? [{ meeting, request, state: s.state, daysLeft: s.daysLeft, awaitingPaper: s.state === 'overdue' || s.state === 'due-soon' }] : [];
    }),
  );
  const counts = Object.fromEntries(paperStates.map((s) => [s, allPapers.filter((p) => p.state === s).length])) as Record<PaperState, number>;
  const papers = allPapers.filter((p) => !input.overdueOnly || p.state === 'overdue').sort(sorters[input.sort ?? 'due']);

  const questions: QuestionRow[] = meetings
    .filter(({ meeting, questionsToReview }) => questionsToReview > 0 && live(meeting))
    .map(({ meeting, questionsToReview }) => ({
      meeting,
      waiting: questionsToReview,
      deadline: meeting.deadlines.questionDeadline,
      daysLeft: daysBetween(today, meeting.deadlines.questionDeadline),
    }))
    .sort((a, b) => byCodePoint(a.meeting.start, b.meeting.start));

  // An action with a target date is overdue the day after it; one without (before target dates
  // existed) counts once the meeting that raised it has started, and says where it was raised.
  const actions: ActionRow[] = input.openActions
    .filter((a) => a.status !== 'completed')
    .flatMap((action): ActionRow[] => {
      if (action.targetDate) return action.targetDate < today ? [{ action, daysOverdue: daysBetween(action.targetDate, today) }] : [];
      return action.meetingStart <= now.toISOString() ? [{ action, daysOverdue: null }] : [];
    })
    .sort((a, b) => byCodePoint(a.action.targetDate ?? a.action.meetingStart, b.action.targetDate ?? b.action.meetingStart) || byCodePoint(a.action.createdAt, b.action.createdAt));

  const deadlines: DeadlineRow[] = meetings
    .filter(({ meeting }) => live(meeting))
    .flatMap(({ meeting }) => {
      const d = meeting.deadlines;
      const rows: Omit<DeadlineRow, 'daysLeft'>[] = [
        { meeting, kind: 'papers-due', label: 'Papers due', date: d.papersDue },
        ...(meeting.publishedAt ? [] : [{ meeting, kind: 'agenda-publication' as const, label: 'Agenda publication', date: d.agendaPublication }]),
        { meeting, kind: 'question-deadline', label: 'Questions close', date: d.questionDeadline },
      ];
      return rows.filter((r) => r.date >= today).map((r) => ({ ...r, daysLeft: daysBetween(today, r.date) }));
    })
    .sort((a, b) => byCodePoint(a.date, b.date) || byCodePoint(a.meeting.start, b.meeting.start));

  return { today, papers, counts, questions, actions, deadlines, meetings: meetings.map((m) => m.meeting) };
}

export type Overview = ReturnType<typeof overview>;

/**
 * One meeting's status at a glance (the meeting page's first line), from its tracked requests
 * (`track`): papers in of those requested,
 * overdue, questions to review, and the next step's date (agenda publication, or the meeting).
 */
export function meetingSummary(meeting: OverviewMeeting, requests: readonly { status: string; timeliness: Timeliness }[], questionsToReview: number, now: Date) {
  const today = londonDate(now.toISOString());
  const active = requests.filter((r) => r.status !== 'withdrawn');
  const papersIn = active.filter((r) => r.status !== 'requested' && r.status !== 'returned').length;
  const overdue = active.filter((r) => r.timeliness === 'overdue').length;
  const publication = live(meeting) && !meeting.publishedAt && meeting.deadlines.agendaPublication >= today
    ? { date: meeting.deadlines.agendaPublication, daysLeft: daysBetween(today, meeting.deadlines.agendaPublication) }
    : undefined;
  const parts = [
    `${papersIn} of ${active.length} ${active.length === 1 ? 'paper' : 'papers'} in`,
    `${overdue} overdue`,
    `${questionsToReview} ${questionsToReview === 1 ? 'question' : 'questions'} to review`,
    ...(publication ? [`agenda publication ${formatLondonDate(publication.date)}, ${inDays(publication.daysLeft)}`] : []),
  ];
  return { requested: active.length, papersIn, overdue, questionsToReview, publication, text: parts.join(' · ') };
}

/** The tracking table's totals: papers requested (not withdrawn), and how many are in each timeliness. */
export function trackingTotals(requests: readonly { status: string; timeliness: Timeliness }[]) {
  const active = requests.filter((r) => r.status !== 'withdrawn');
  const count = (t: Timeliness) => active.filter((r) => r.timeliness === t).length;
  const parts = [
    `${count('on time')} in on time`,
    `${count('late')} in late`,
    `${count('overdue')} overdue`,
    `${count('due')} not yet due`,
    ...(requests.length > active.length ? [`${requests.length - active.length} withdrawn`] : []),
  ];
  return { requested: active.length, text: parts.join(', ') };
}

/** "today", "tomorrow", "in 13 days"; "yesterday", "3 days ago". */
export function inDays(days: number): string {
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}

const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A date for tables: "15 Nov 2021" (a YYYY-MM-DD date or an instant, as a London date). */
export function shortDate(dateOrInstant: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(dateOrInstant) ? dateOrInstant : londonDate(dateOrInstant);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${d} ${SHORT_MONTHS[m - 1]} ${y}`;
}

/** The window of meetings the home reads: from now to this many months ahead (and the last one before). */
export const HOME_MONTHS_AHEAD = 4;
/** The most upcoming meetings the home reads (the DynamoDB calls per request stay bounded). */
export const HOME_MAX_UPCOMING = 6;
