/** Meetings and their agendas: pure functions, clock and settings passed in. */
import { ulid } from 'ulid';
import type { AgendaItem, Meeting, MeetingStatus, StandingItem } from '../schemas/entities.js';
import { computeDeadlines, type DeadlineSettings } from './deadlines.js';
import { ConflictError, invalid, ValidationError } from './errors.js';
import { addDays, formatLondonDate, InvalidLocalTimeError, londonDate, londonLocal, parseLondonLocal } from './time.js';

export const standingTitles: Record<StandingItem, string> = {
  welcome: 'Welcome, introductions and apologies',
  'previous-notes': 'Notes of the previous meeting and matters arising',
  announcements: 'Announcements from the commissioner and the Chief Constable',
  'public-questions': 'Public questions',
  'future-items': 'Future agenda items',
  'any-other-business': 'Any other business',
  'next-meeting': 'Date and time of the next meeting',
};
const standingOrder = Object.keys(standingTitles) as StandingItem[];

export interface MeetingFields {
  title: string;
  start: string;
  place: string;
  livestreamUrl?: string;
}

/** London wall-clock input to an instant, as a field error a person can act on. */
export function startInstant(local: string, field = 'start'): string {
  try {
    return parseLondonLocal(local);
  } catch (e) {
    if (e instanceof InvalidLocalTimeError) throw invalid(field, e.message);
    throw e;
  }
}

export function newMeeting(fields: MeetingFields, now: Date): { meeting: Meeting; agenda: AgendaItem[] } {
  const id = ulid();
  const start = startInstant(fields.start);
  const agenda = standingOrder.map<AgendaItem>((standing) => ({
    id: ulid(),
    meetingId: id,
    kind: 'standing',
    standing,
    title: standingTitles[standing],
  }));
  const at = now.toISOString();
  const meeting: Meeting = {
    id,
    title: fields.title,
    start,
    startLocal: londonLocal(start),
    place: fields.place,
    ...(fields.livestreamUrl ? { livestreamUrl: fields.livestreamUrl } : {}),
    status: 'planned',
    agendaOrder: agenda.map((i) => i.id),
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  return { meeting, agenda };
}

/** The London start times of a series: a list of dates, or every N weeks from a first date. */
export function seriesStarts(input: { time: string; dates?: string[]; first?: string; everyWeeks?: number; count?: number }): string[] {
  const dates = input.dates ?? Array.from({ length: input.count! }, (_, i) => addDays(input.first!, i * 7 * input.everyWeeks!));
  const unique = new Set(dates);
  if (unique.size !== dates.length) throw invalid('dates', 'The series lists the same date twice');
  return [...unique].sort().map((d) => `${d}T${input.time}`);
}

export function deadlinesOf(meeting: Pick<Meeting, 'start'>, settings: DeadlineSettings) {
  return computeDeadlines(meeting.start, settings);
}

export interface MeetingChange {
  title?: string;
  start?: string;
  place?: string;
  livestreamUrl?: string | null;
  status?: MeetingStatus;
}

const allowedMoves: Record<MeetingStatus, MeetingStatus[]> = {
  planned: ['agenda-published', 'held', 'cancelled'],
  'agenda-published': ['planned', 'held', 'cancelled'],
  held: [],
  cancelled: ['planned'],
};

export function changeMeeting(meeting: Meeting, change: MeetingChange, now: Date): Meeting {
  const next: Meeting = { ...meeting };
  if (change.status && change.status !== meeting.status) {
    if (!allowedMoves[meeting.status].includes(change.status)) {
      throw invalid('status', `A meeting that is ${meeting.status} cannot become ${change.status}`);
    }
    next.status = change.status;
  }
  if (change.start) {
    if (meeting.status === 'held') throw invalid('start', 'A meeting that has been held cannot be moved');
    next.start = startInstant(change.start);
    next.startLocal = londonLocal(next.start);
  }
  if (change.title) next.title = change.title;
  if (change.place) next.place = change.place;
  if (change.livestreamUrl === null) delete next.livestreamUrl;
  else if (change.livestreamUrl) next.livestreamUrl = change.livestreamUrl;
  next.version = meeting.version + 1;
  next.updatedAt = now.toISOString();
  return next;
}

export function assertVersion(current: { version: number }, expected: number, what: string) {
  if (current.version !== expected) {
    throw new ConflictError(`Someone else changed this ${what} since you loaded it (now version ${current.version}, you sent ${expected}). Reload and try again.`);
  }
}

/** A new order must be a permutation of the current agenda items. */
export function reorderAgenda(meeting: Meeting, order: string[], now: Date): Meeting {
  const current = new Set(meeting.agendaOrder);
  const given = new Set(order);
  if (given.size !== order.length) throw invalid('order', 'The new order lists an agenda item twice');
  const missing = meeting.agendaOrder.filter((i) => !given.has(i));
  const unknown = order.filter((i) => !current.has(i));
  if (missing.length || unknown.length) {
    throw new ValidationError('The new order must list every agenda item of this meeting exactly once', [
      ...missing.map((i) => ({ field: 'order', message: `Agenda item ${i} is missing from the new order` })),
      ...unknown.map((i) => ({ field: 'order', message: `Agenda item ${i} is not on this meeting's agenda` })),
    ]);
  }
  return { ...meeting, agendaOrder: [...order], version: meeting.version + 1, updatedAt: now.toISOString() };
}

/** Swap an item with its neighbour (the no-JavaScript "move up/down" buttons). */
export function moveAgendaItem(meeting: Meeting, itemId: string, direction: 'up' | 'down', now: Date): Meeting {
  const order = [...meeting.agendaOrder];
  const i = order.indexOf(itemId);
  if (i < 0) throw invalid('itemId', 'That item is not on this meeting’s agenda');
  const j = direction === 'up' ? i - 1 : i + 1;
  if (j < 0 || j >= order.length) return meeting;
  [order[i], order[j]] = [order[j]!, order[i]!];
  return reorderAgenda(meeting, order, now);
}

/**
 * Topic items go after the last topic item, before public questions (the order in the minutes).
 * `agenda` is the meeting's current items.
 */
export function insertTopicItem(meeting: Meeting, agenda: AgendaItem[], item: AgendaItem, now: Date): Meeting {
  const byId = new Map(agenda.map((a) => [a.id, a]));
  const order = meeting.agendaOrder;
  const anchor = order.findIndex((id) => byId.get(id)?.standing === 'public-questions');
  const at = anchor >= 0 ? anchor : order.length;
  const agendaOrder = [...order.slice(0, at), item.id, ...order.slice(at)];
  return { ...meeting, agendaOrder, version: meeting.version + 1, updatedAt: now.toISOString() };
}

export function orderedAgenda(meeting: Meeting, items: AgendaItem[]): AgendaItem[] {
  const byId = new Map(items.map((a) => [a.id, a]));
  return meeting.agendaOrder.map((id) => byId.get(id)).filter((a): a is AgendaItem => a !== undefined);
}

/** A meeting's London date, and whether it can still take new work. */
export function meetingDate(meeting: Pick<Meeting, 'start'>) {
  return londonDate(meeting.start);
}

export function assertOpenForPlanning(meeting: Meeting) {
  if (meeting.status === 'held' || meeting.status === 'cancelled') {
    throw new ConflictError(`The meeting on ${formatLondonDate(meeting.start)} is ${meeting.status}; it takes no new agenda items or requests.`);
  }
}

/**
 * The status a meeting counts as at `now`: a planned or published meeting whose start plus
 * `heldAfterHours` (its settable length) has passed counts as held, whether or not staff marked it.
 * Derived, never stored: the stored status changes only when staff change it.
 */
export function statusAt(meeting: Pick<Meeting, 'start' | 'status'>, now: Date, heldAfterHours: number): MeetingStatus {
  if (meeting.status !== 'planned' && meeting.status !== 'agenda-published') return meeting.status;
  const ends = Date.parse(meeting.start) + heldAfterHours * 3_600_000;
  return now.getTime() >= ends ? 'held' : meeting.status;
}

/** A meeting with the status it counts as at `now` (see statusAt). */
export const asOf = <M extends Pick<Meeting, 'start' | 'status'>>(meeting: M, now: Date, heldAfterHours: number): M => {
  const status = statusAt(meeting, now, heldAfterHours);
  return status === meeting.status ? meeting : { ...meeting, status };
};
