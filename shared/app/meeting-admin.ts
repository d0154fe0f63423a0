/**
 * Changing a meeting with its consequences (issue 12 §3): edit, move, mark held. A move changes the
 * due dates of its requests (shared/domain/reschedule.ts) and tells each request's author and
 * sponsor and each person with an accepted question the new date. The meeting, the requests' new
 * due dates (with history entries) and the records of those emails are one transaction, conditional
 * on the versions read; each email then goes and is marked on its record (app/emails.ts). A retried
 * change (the same change posted again, after the first was saved) sends only the emails whose
 * outcome was never recorded, once their lease has lapsed: nobody is told twice.
 */
import { config } from '../config.js';
import { invalid, notFound, ValidationError } from '../domain/errors.js';
import * as meetings from '../domain/meetings.js';
import { meetingWarnings, type MeetingWarning } from '../domain/meeting-warnings.js';
import { changedDueDates, planDueDates, transactionTooBig, type DueDateChoice, type DueDateMove } from '../domain/reschedule.js';
import { historyEntry } from '../domain/papers.js';
import { formatLondonDate, londonDate } from '../domain/time.js';
import type { Meeting, MeetingStatus, ReportRequest } from '../schemas/entities.js';
import type { Actor } from '../schemas/papers.js';
import type { Contact, Question } from '../schemas/questions.js';
import type { EmailPurpose, EmailRecord } from '../schemas/emails.js';
import { meetingStore } from '../store/store.js';
import { questionStore } from '../store/questions.js';
import { meetingMoveStore, moveItems } from '../store/meeting-moves.js';
import { queued, roundOf } from './emails.js';
import { deadlineSettings, withDeadlines } from './planning.js';

const office: Actor = { kind: 'staff', name: 'The office' };

/** How long a meeting lasts before it counts as held (settings: MEETING_HELD_AFTER_HOURS). */
export const heldAfterHours = () => config().MEETING_HELD_AFTER_HOURS;

/** A meeting with the status it counts as now: held once it has ended (domain/meetings.ts statusAt). */
export const meetingAsOf = <M extends Pick<Meeting, 'start' | 'status'>>(meeting: M, now: Date) => meetings.asOf(meeting, now, heldAfterHours());

export interface MeetingEdit {
  version: number;
  title?: string;
  /** London wall-clock `YYYY-MM-DDTHH:mm`, or with an explicit offset (the instant chosen in the repeated October hour). */
  start?: string;
  place?: string;
  livestreamUrl?: string | null;
  status?: MeetingStatus;
  /** Per request: the default move, keep, or a date. API form: `'keep' | 'YYYY-MM-DD'`. */
  dueDates?: Record<string, DueDateChoice | string | undefined>;
}

/** An accepted question whose submitter is told of a move. */
interface Asker {
  question: Question;
  contact: Contact;
}

/** Everything a change would do: the page's confirm step shows it, the save writes it. */
export interface ChangePlan {
  current: ReturnType<typeof withDeadlines>;
  next: ReturnType<typeof withDeadlines>;
  /** Whether the start moves (then due dates change and people are told). */
  moved: boolean;
  warnings: MeetingWarning[];
  /** Each request not withdrawn, with its due date after the change (only when moved). */
  dueDates: DueDateMove[];
  askers: Asker[];
  /** The emails a save would queue (only when moved). */
  emails: MoveEmail[];
  /** Records the transaction writes: at most 100. */
  items: number;
}

const apiChoice = (c: DueDateChoice | string | undefined): DueDateChoice | undefined =>
  c === undefined || c === 'move' || c === 'keep' || typeof c === 'object' ? c : { date: c };

/**
 * The round of a move's emails: when it was made, the version it made and the start it moved from,
 * so a retry finds them and each email can still say the old date.
 */
const moveRound = (meeting: Meeting, previousStart: string) => `${roundOf(meeting.updatedAt, meeting.version)}#${previousStart}`;
const isMoveEmail = (e: EmailRecord) => e.purpose.startsWith('meeting-moved-');

async function load(meetingId: string, withQuestions: boolean) {
  const [found, questions] = await Promise.all([meetingStore.withRequests(meetingId), withQuestions ? questionStore.meetingQuestions(meetingId) : undefined]);
  if (!found) throw notFound.meeting(meetingId);
  return { ...found, questions };
}

function askersOf(questions: Awaited<ReturnType<typeof questionStore.meetingQuestions>> | undefined): Asker[] {
  if (!questions) return [];
  return questions.questions
    .filter((q) => q.status === 'accepted')
    .flatMap((question) => {
      const contact = questions.contacts.get(question.id);
      return contact ? [{ question, contact }] : [];
    });
}

/** One email a move sends: to whom, about what. */
export interface MoveEmail {
  subjectId: string;
  meetingId: string;
  purpose: EmailPurpose;
  round: string;
  to: string;
}

/** A move's emails: two per request not withdrawn, one per accepted question (with a submitter still on record). */
function moveEmails(next: Meeting, previousStart: string, requests: readonly ReportRequest[], askers: Asker[]): MoveEmail[] {
  const round = moveRound(next, previousStart);
  const record = (subjectId: string, purpose: EmailPurpose, to: string): MoveEmail => ({ subjectId, meetingId: next.id, purpose, round, to });
  return [
    ...requests
      .filter((r) => r.status !== 'withdrawn')
      .flatMap((r) => [record(r.id, 'meeting-moved-author', r.author.email), record(r.id, 'meeting-moved-sponsor', r.sponsor.email)]),
    ...askers.map((a) => record(a.question.id, 'meeting-moved-question', a.contact.email)),
  ];
}

function plan(loaded: Awaited<ReturnType<typeof load>>, change: MeetingEdit, now: Date): ChangePlan & { issues: ValidationError['issues'] } {
  const current = loaded.meeting;
  const next = meetings.changeMeeting(current, change, now);
  const moved = next.start !== current.start;
  if (moved && meetings.statusAt(current, now, heldAfterHours()) === 'held') {
    throw invalid('start', `The meeting on ${formatLondonDate(current.start)} has been held, so it cannot be moved. Schedule a new meeting instead.`);
  }
  const deadlines = meetings.deadlinesOf(next, deadlineSettings());
  const choices = Object.fromEntries(Object.entries(change.dueDates ?? {}).map(([id, c]) => [id, apiChoice(c)]));
  const unknown = Object.keys(choices).filter((id) => !loaded.requests.some((r) => r.id === id && r.status !== 'withdrawn'));
  const { moves, issues } = moved
    ? planDueDates({ requests: loaded.requests, meetingDay: londonDate(next.start), papersDue: deadlines.papersDue, choices, today: londonDate(now.toISOString()) })
    : { moves: [], issues: [] };
  for (const id of unknown) issues.push({ field: `dueDates.${id}`, message: `Request ${id} is not an active request of this meeting` });
  const askers = moved ? askersOf(loaded.questions) : [];
  const emails = moved ? moveEmails(next, current.start, loaded.requests, askers) : [];
  const items = 1 + changedDueDates(moves).length * 2 + emails.length;
  const tooBig = transactionTooBig(items);
  if (tooBig) issues.push(tooBig);
  return {
    current: withDeadlines(current),
    next: withDeadlines(next),
    moved,
    warnings: moved ? meetingWarnings(next.startLocal, now) : [],
    dueDates: moves,
    askers,
    emails,
    items,
    issues,
  };
}

/** What a change would do, without saving it (the page's confirm step). Throws on a change the domain refuses. */
export async function previewMeetingChange(meetingId: string, change: MeetingEdit, now: Date) {
  const loaded = await load(meetingId, true);
  meetings.assertVersion(loaded.meeting, change.version, 'meeting');
  return plan(loaded, change, now);
}

/** The current meeting, for the edit form (with its deadlines and the status it counts as now). */
export async function meetingForEdit(meetingId: string, now: Date) {
  const found = await meetingStore.withRequests(meetingId);
  if (!found) throw notFound.meeting(meetingId);
  return { meeting: withDeadlines(found.meeting), status: meetings.statusAt(found.meeting, now, heldAfterHours()), requests: found.requests };
}

/** Whether `meeting` already is what `change` asks for (a retry of a change that was saved). */
function alreadyApplied(meeting: Meeting, change: MeetingEdit) {
  const same = <K extends keyof Meeting>(k: K, v: Meeting[K] | undefined) => v === undefined || meeting[k] === v;
  let start = true;
  if (change.start !== undefined) {
    try {
      start = meetings.startInstant(change.start) === meeting.start;
    } catch {
      start = false;
    }
  }
  const livestream = change.livestreamUrl === undefined || (change.livestreamUrl === null ? meeting.livestreamUrl === undefined : meeting.livestreamUrl === change.livestreamUrl);
  return start && livestream && same('title', change.title) && same('place', change.place) && same('status', change.status);
}

type EmailData = { to: { name: string; email: string }; template: EmailPurpose; data: Record<string, unknown> };

/** What each recorded email says, from the meeting as moved, its previous start and the requests and questions as saved. */
function emailFor(record: MoveEmail, meeting: Meeting, previousStart: string, requests: ReadonlyMap<string, ReportRequest>, askers: ReadonlyMap<string, Asker>, previousDue: ReadonlyMap<string, string>): EmailData | undefined {
  const base = { meeting, previousStart };
  if (record.purpose === 'meeting-moved-question') {
    const asker = askers.get(record.subjectId);
    return asker && { to: asker.contact, template: record.purpose, data: { ...base, name: asker.contact.name, question: asker.question } };
  }
  const request = requests.get(record.subjectId);
  if (!request) return undefined;
  const was = previousDue.get(request.id);
  const data = { ...base, request, awaiting: request.status === 'requested' || request.status === 'returned', previousDueDate: was !== request.dueDate ? was : undefined };
  const to = record.purpose === 'meeting-moved-author' ? request.author : request.sponsor;
  return { to, template: record.purpose, data };
}

/** One email of a move as its record says (what the page shows after the save). */
export interface EmailState {
  to: string;
  /** The paper's title, or the question's reference. */
  about: string;
  who: 'author' | 'sponsor' | 'asker';
  status: EmailRecord['status'];
  error?: string;
}

export interface ChangeResult {
  meeting: ReturnType<typeof withDeadlines>;
  dueDates: { requestId: string; title: string; from: string; to: string }[];
  emails: { recorded: number; sent: number; failed: number };
  warnings: { kind: string; message: string }[];
  /** Each email of the move with its state (on a retry, as recorded). */
  emailStates: EmailState[];
  /** True when this call found the change already saved (a retry). */
  repeated: boolean;
}

const whoOf = { 'meeting-moved-author': 'author', 'meeting-moved-sponsor': 'sponsor', 'meeting-moved-question': 'asker' } as const;

function emailStates(records: EmailRecord[], requests: ReadonlyMap<string, ReportRequest>, askers: ReadonlyMap<string, Asker>): EmailState[] {
  return records.map((r) => ({
    to: r.to,
    about: requests.get(r.subjectId)?.title ?? askers.get(r.subjectId)?.question.reference ?? r.subjectId,
    who: whoOf[r.purpose as keyof typeof whoOf] ?? 'author',
    status: r.status,
    ...(r.error ? { error: r.error } : {}),
  }));
}

const tally = (records: EmailRecord[]) => ({
  recorded: records.length,
  sent: records.filter((e) => e.status === 'sent').length,
  failed: records.filter((e) => e.status === 'failed' || e.status === 'suppressed').length,
});

/** A retry of a move already saved: its emails were queued with it, so it answers how they stand. */
function resume(loaded: Awaited<ReturnType<typeof load>>): ChangeResult {
  const meeting = loaded.meeting;
  const prefix = `${roundOf(meeting.updatedAt, meeting.version)}#`;
  const records = [...loaded.emails, ...(loaded.questions?.emails ?? [])].filter((e) => isMoveEmail(e) && e.round.startsWith(prefix));
  const requests = new Map(loaded.requests.map((r) => [r.id, r]));
  const askers = new Map(askersOf(loaded.questions).map((a) => [a.question.id, a]));
  return {
    meeting: withDeadlines(meeting),
    dueDates: [],
    emails: tally(records),
    warnings: [],
    emailStates: emailStates(records, requests, askers),
    repeated: true,
  };
}

/**
 * Change a meeting (API PATCH and the edit page). A move recomputes the deadlines, changes the due
 * dates of its requests (staff's choices, else the defaults) and emails everyone concerned; all is
 * saved in one transaction on the versions read, then each email goes. The same change sent again
 * after it was saved answers as the first did and sends only what never went.
 */
export async function changeMeetingWithConsequences(meetingId: string, change: MeetingEdit, now: Date, by: Actor = office): Promise<ChangeResult> {
  const loaded = await load(meetingId, change.start !== undefined);
  const current = loaded.meeting;
  if (current.version !== change.version && current.version === change.version + 1 && alreadyApplied(current, change)) return resume(loaded);
  meetings.assertVersion(current, change.version, 'meeting');
  const p = plan(loaded, change, now);
  if (p.issues.length) throw new ValidationError(p.issues[0]!.message, p.issues);
  const at = now.toISOString();
  const changed = changedDueDates(p.dueDates);
  const requests = changed.map((m) => ({ next: { ...m.request, dueDate: m.to, version: m.request.version + 1, updatedAt: at }, readVersion: m.request.version }));
  const moveNote = (m: DueDateMove) =>
    `Due date moved from ${formatLondonDate(m.from)} to ${formatLondonDate(m.to)}: the meeting moved from ${formatLondonDate(current.start)} to ${formatLondonDate(p.next.start)}`;
  const history = changed.map((m) => historyEntry(m.request, 'due-date-changed', by, now, { note: moveNote(m) }));
  const { deadlines: _derived, ...next } = p.next;
  const saved = new Map(loaded.requests.map((r) => [r.id, r]));
  for (const r of requests) saved.set(r.next.id, r.next);
  const askers = new Map(p.askers.map((a) => [a.question.id, a]));
  const previousDue = new Map(p.dueDates.map((m) => [m.request.id, m.from]));
  // Each email is queued in the move's transaction, with what it says (the outbox sends it).
  const emails = p.emails.flatMap((e) => {
    const email = emailFor(e, next, current.start, saved, askers, previousDue);
    return email ? [queued({ ...e, message: { to: [email.to], template: email.template, data: email.data }, now })] : [];
  });
  await meetingMoveStore.save({ meeting: { next, readVersion: current.version }, requests, history, emails });
  if (moveItems({ requests, history, emails }) !== p.items) throw new Error('The move wrote a different number of items than it counted');
  return {
    meeting: p.next,
    dueDates: changed.map((m) => ({ requestId: m.request.id, title: m.request.title, from: m.from, to: m.to })),
    emails: tally(emails),
    warnings: p.warnings.map(({ kind, message }) => ({ kind, message })),
    emailStates: emailStates(emails, saved, askers),
    repeated: false,
  };
}

/** The API's PATCH: the changed meeting with what its move did. */
export async function updateMeetingWithConsequences(meetingId: string, change: MeetingEdit, now: Date, by?: Actor) {
  const result = await changeMeetingWithConsequences(meetingId, change, now, by);
  return { ...result.meeting, dueDates: result.dueDates, emails: result.emails, ...(result.warnings.length ? { warnings: result.warnings } : {}) };
}

/** "Mark the meeting as held" (the meeting page's button): on the version the page showed. */
export async function markMeetingHeld(meetingId: string, version: number, now: Date) {
  return (await changeMeetingWithConsequences(meetingId, { version, status: 'held' }, now)).meeting;
}
