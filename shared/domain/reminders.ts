/**
 * Which reminder emails are due at a moment: pure rules over a meeting, its report requests and its
 * accepted questions. Each reminder has a window [dueAt, staleAt): a sweep sends it once inside the
 * window; a sweep that missed the window (the schedule was off) does not send a stale one.
 * Times are London wall-clock: reminders go out from the working-day morning sweep.
 */
import type { Deadlines } from './deadlines.js';
import { addWorkingDays, nextWorkingDay } from './deadlines.js';
import { addDays, londonDate, parseLondonLocal } from './time.js';
import { byCodePoint } from './order.js';

export const reminderKinds = [
  'paper-due-week',
  'paper-due-day',
  'paper-overdue',
  'digest-10-days',
  'digest-3-days',
  'digest-publication',
  'question-meeting',
  'pack-published',
  // Sent when staff press "Send a reminder now" (the staff home): never scheduled, never switched off.
  'paper-now',
] as const;
export type ReminderKind = (typeof reminderKinds)[number];

export const reminderKindLabels: Record<ReminderKind, string> = {
  'paper-due-week': 'Paper due in a week (author, cc sponsor)',
  'paper-due-day': 'Paper due next working day (author, cc sponsor)',
  'paper-overdue': 'Paper overdue (author, sponsor, engagement manager)',
  'digest-10-days': 'Digest 10 working days before (engagement manager)',
  'digest-3-days': 'Digest 3 working days before (engagement manager)',
  'digest-publication': 'Digest on the publication date (engagement manager)',
  'question-meeting': 'Meeting reminder to people with an accepted question',
  'pack-published': 'Agenda pack published (sponsors and authors)',
  'paper-now': 'Paper reminder sent now by staff (author, cc sponsor)',
};

/** A reminder's kind alone, to start its description ("Paper overdue: Road Safety, to the author"). */
export const reminderKindNames: Record<ReminderKind, string> = {
  'paper-due-week': 'Paper due in a week',
  'paper-due-day': 'Paper due next working day',
  'paper-overdue': 'Paper overdue',
  'digest-10-days': 'Digest 10 working days before the meeting',
  'digest-3-days': 'Digest 3 working days before the meeting',
  'digest-publication': 'Digest on the agenda publication date',
  'question-meeting': 'Meeting reminder',
  'pack-published': 'Agenda pack published',
  'paper-now': 'Paper reminder sent now',
};

/** What a description needs to know of a meeting's requests and questions. */
export interface ReminderSubjects {
  requests: { id: string; title: string; author: Person; sponsor: Person }[];
  /** Question id → its reference (COM-20211207-001). */
  references: Map<string, string>;
  engagementManager: Person;
}

const same = (a: Person, b: Person) => a.email.toLowerCase() === b.email.toLowerCase();
const list = (items: string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

/**
 * A reminder in words, naming its subject and the recipient's part in it: "Paper overdue: Road
 * Safety, to the author", "Paper due in a week: Road Safety, to the author (copy to the sponsor)",
 * "Meeting reminder: question COM-20211207-001, to the person who asked it".
 */
export function describeReminder(r: Pick<DueReminder, 'kind' | 'subjectId' | 'to' | 'cc'>, subjects: ReminderSubjects): string {
  const name = reminderKindNames[r.kind];
  switch (r.kind) {
    case 'paper-due-week':
    case 'paper-due-day':
    case 'paper-overdue':
    case 'paper-now': {
      const request = subjects.requests.find((x) => x.id === r.subjectId);
      if (!request) return `${name}: a paper no longer requested, to ${r.to.name}`;
      const role = (p: Person) =>
        same(p, request.author) ? 'the author' : same(p, request.sponsor) ? 'the sponsor' : same(p, subjects.engagementManager) ? 'the engagement manager' : p.name;
      const copy = r.cc.length ? ` (copy to ${list(r.cc.map(role))})` : '';
      return `${name}: ${request.title}, to ${role(r.to)}${copy}`;
    }
    case 'digest-10-days':
    case 'digest-3-days':
    case 'digest-publication':
      return `${name}, to the engagement manager`;
    case 'question-meeting': {
      const reference = subjects.references.get(r.subjectId);
      return `${name}: ${reference ? `question ${reference}` : 'a question'}, to the person who asked it`;
    }
    case 'pack-published': {
      const parts = subjects.requests.flatMap((x) => [
        ...(same(r.to, x.author) ? [`the author of ${x.title}`] : []),
        ...(same(r.to, x.sponsor) ? [`the sponsor of ${x.title}`] : []),
      ]);
      return `${name}, to ${parts.length ? list(parts) : r.to.name}`;
    }
  }
}

/** The kinds the sweep sends on a schedule, which staff can switch off. */
export const scheduledKinds = reminderKinds.filter((k) => k !== 'paper-now');

export interface ReminderSettings {
  /** Calendar days before the due date for the first paper reminder (default 7). */
  paperFirstDaysBefore: number;
  /** Working days before the due date for the second paper reminder (default 1). */
  paperSecondWorkingDaysBefore: number;
  /** Working days before the meeting for the two digests (default 10 and 3). */
  digestWorkingDaysBefore: [number, number];
  /** Calendar days before the meeting for the note to question askers (default 2). */
  questionDaysBefore: number;
  /** London time of day the dated reminders become due (default 08:00, the first sweep). */
  sendFrom: string;
}

export const defaultReminderSettings: ReminderSettings = {
  paperFirstDaysBefore: 7,
  paperSecondWorkingDaysBefore: 1,
  digestWorkingDaysBefore: [10, 3],
  questionDaysBefore: 2,
  sendFrom: '08:00',
};

export interface Person {
  name: string;
  email: string;
}

export interface ReminderMeeting {
  id: string;
  start: string;
  status: string;
  deadlines: Deadlines;
  /** When the agenda pack was published, if it has been. */
  publishedAt?: string;
}

export interface ReminderRequest {
  id: string;
  title: string;
  status: string;
  dueDate: string;
  author: Person;
  sponsor: Person;
  /** A reminder that fell due before the request was made is not sent (the request email just went). */
  createdAt: string;
}

export interface ReminderQuestion {
  id: string;
  reference: string;
  /** Only questions whose submitter's contact details still exist can be reminded. */
  contact?: Person;
}

export interface DueReminder {
  kind: ReminderKind;
  meetingId: string;
  /** The request, question or meeting the reminder is about. */
  subjectId: string;
  to: Person;
  cc: Person[];
  dueAt: string;
  staleAt: string;
}

/** The exactly-once identity: (kind, recipient, subject, meeting). */
export const reminderKey = (r: Pick<DueReminder, 'kind' | 'subjectId' | 'to'>) => `${r.kind}#${r.subjectId}#${r.to.email.toLowerCase()}`;

const awaitingPaper = (status: string) => status === 'requested' || status === 'returned';
const at = (date: string, time: string) => parseLondonLocal(`${date}T${time}`);

/** Every reminder of a meeting with its window, whether or not it is due now. */
export function scheduledReminders(args: {
  meeting: ReminderMeeting;
  requests: ReminderRequest[];
  acceptedQuestions: ReminderQuestion[];
  engagementManager: Person;
  settings?: ReminderSettings;
}): DueReminder[] {
  const { meeting, engagementManager } = args;
  const s = args.settings ?? defaultReminderSettings;
  if (meeting.status === 'cancelled' || meeting.status === 'held') return [];
  const out: DueReminder[] = [];
  /** `notBefore`: a reminder that fell due before its subject existed is not sent (its request email just went). */
  const add = (kind: ReminderKind, subjectId: string, to: Person, cc: Person[], dueAt: string, staleAt: string, notBefore = '') => {
    if (dueAt < staleAt && dueAt >= notBefore) out.push({ kind, meetingId: meeting.id, subjectId, to, cc, dueAt, staleAt });
  };
  const meetingDay = londonDate(meeting.start);

  for (const r of args.requests) {
    if (!awaitingPaper(r.status)) continue;
    const week = at(addDays(r.dueDate, -s.paperFirstDaysBefore), s.sendFrom);
    const day = at(addWorkingDays(r.dueDate, -s.paperSecondWorkingDaysBefore), s.sendFrom);
    const dueEnds = at(addDays(r.dueDate, 1), '00:00');
    const overdue = at(nextWorkingDay(r.dueDate), s.sendFrom);
    // A first reminder is stale once the second is due; the second once the due date has passed.
    add('paper-due-week', r.id, r.author, [r.sponsor], week, day < dueEnds ? day : dueEnds, r.createdAt);
    add('paper-due-day', r.id, r.author, [r.sponsor], day, dueEnds, r.createdAt);
    for (const to of [r.author, r.sponsor, engagementManager]) add('paper-overdue', r.id, to, [], overdue, meeting.start, r.createdAt);
  }

  const [first, second] = s.digestWorkingDaysBefore;
  const digests: [ReminderKind, string][] = [
    ['digest-10-days', at(addWorkingDays(meetingDay, -first), s.sendFrom)],
    ['digest-publication', at(meeting.deadlines.agendaPublication, s.sendFrom)],
    ['digest-3-days', at(addWorkingDays(meetingDay, -second), s.sendFrom)],
  ];
  digests.sort((a, b) => byCodePoint(a[1], b[1]));
  digests.forEach(([kind, dueAt], i) => add(kind, meeting.id, engagementManager, [], dueAt, digests[i + 1]?.[1] ?? meeting.start));

  const questionDue = questionReminderDue(meeting, s);
  for (const q of args.acceptedQuestions) {
    if (q.contact) add('question-meeting', q.id, q.contact, [], questionDue, meeting.start);
  }

  if (meeting.publishedAt) {
    const people = new Map<string, Person>();
    for (const r of args.requests) {
      if (r.status === 'withdrawn') continue;
      for (const p of [r.sponsor, r.author]) people.set(p.email.toLowerCase(), p);
    }
    for (const p of people.values()) add('pack-published', meeting.id, p, [], meeting.publishedAt, meeting.start);
  }
  return out;
}

/** When the note to people with an accepted question falls due (London morning, some days before the meeting). */
export const questionReminderDue = (meeting: Pick<ReminderMeeting, 'start'>, s: ReminderSettings = defaultReminderSettings) =>
  at(addDays(londonDate(meeting.start), -s.questionDaysBefore), s.sendFrom);

/**
 * When a thing (a request, a question, the meeting itself for its digests and pack notice) should next
 * be looked at by the sweep: the earliest reminder about it not yet queued that falls due after `now`.
 * Undefined: nothing ahead of it.
 */
export function nextWake(reminders: readonly DueReminder[], queued: { has(key: string): boolean }, now: Date, extra: readonly string[] = []): string | undefined {
  const t = now.toISOString();
  return [...reminders.filter((r) => !queued.has(reminderKey(r))).map((r) => r.dueAt), ...extra].filter((d) => d > t).sort()[0];
}

/** The reminders whose window contains `now`. */
export function dueReminders(all: DueReminder[], now: Date): DueReminder[] {
  const t = now.toISOString();
  return all.filter((r) => r.dueAt <= t && t < r.staleAt);
}
