/**
 * Attendance and minutes (issue 13 §1, §2): pure functions, clock passed in.
 *
 * draft (staff write them) → published-draft (public, "Draft minutes, to be approved at the next
 * meeting"; revision 1) → approved at the next meeting that is not cancelled (its London date and
 * id kept; corrections made then are a new revision whose reason says so, the earlier one kept).
 * Every step returns the next minutes with their version bumped; the store writes them on the
 * version read, with the meeting item that carries their state for the archive.
 */
import { createHash } from 'node:crypto';
import type { AgendaItem, Meeting, Topic } from '../schemas/entities.js';
import type { Attendance, Attendee, Minutes, MinutesRevision, MinutesSection } from '../schemas/minutes.js';
import { ConflictError, ValidationError, invalid, type FieldIssue } from './errors.js';
import { formatLondonDate, londonDate } from './time.js';
import { byCodePoint } from './order.js';

export const emptyAttendance = (): Attendance => ({ present: [], alsoPresent: [], apologies: [] });

/** New minutes for a meeting: a section per agenda item, in agenda order, with no notes yet. Version 0: not stored. */
export function newMinutes(meeting: Pick<Meeting, 'id'>, agenda: AgendaItem[], by: string, now: Date): Minutes {
  const at = now.toISOString();
  return {
    meetingId: meeting.id,
    status: 'draft',
    attendance: emptyAttendance(),
    sections: agenda.map((item) => ({ agendaItemId: item.id, notes: '' })),
    futureItems: [],
    revision: 0,
    version: 0,
    createdAt: at,
    updatedAt: at,
    updatedBy: by,
  };
}

// ---- recording times ----

const RECORDING_TIME = /^(?:(\d{1,2}):([0-5]\d):([0-5]\d)|(\d{1,3}):([0-5]\d))$/;

/** "1:02:30" or "62:30" as seconds; undefined if it is neither h:mm:ss nor m:ss. */
export function recordingSeconds(time: string): number | undefined {
  const m = RECORDING_TIME.exec(time.trim());
  if (!m) return undefined;
  if (m[1] !== undefined) return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  return Number(m[4]) * 60 + Number(m[5]);
}

export const recordingTimeMessage = 'Enter the time in the recording as hours:minutes:seconds or minutes:seconds, like 1:02:30 or 4:05';

/**
 * A link to a moment of the recording: YouTube takes `?t=<seconds>`; anything else gets the media
 * fragment `#t=<seconds>`, which browsers' own players follow.
 */
export function recordingLink(recordingUrl: string, time: string): string | undefined {
  const seconds = recordingSeconds(time);
  if (seconds === undefined) return undefined;
  const url = new URL(recordingUrl);
  if (/(^|\.)(youtube\.com|youtu\.be)$/.test(url.hostname)) {
    url.searchParams.set('t', `${seconds}s`);
    return url.toString();
  }
  url.hash = `t=${seconds}`;
  return url.toString();
}

// ---- notes: plain text with paragraphs and lists ----

export type NotesBlock = { kind: 'paragraph'; text: string } | { kind: 'list'; items: string[] };

/**
 * Plain-text notes as blocks: paragraphs are split by blank lines; lines starting "- " make a list.
 * Nothing in them is markup: the views escape every character, so "<b>" shows as typed.
 */
export function notesBlocks(notes: string): NotesBlock[] {
  const blocks: NotesBlock[] = [];
  for (const chunk of notes.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    let paragraph: string[] = [];
    let list: string[] = [];
    const flushParagraph = () => {
      if (paragraph.length) blocks.push({ kind: 'paragraph', text: paragraph.join(' ') });
      paragraph = [];
    };
    const flushList = () => {
      if (list.length) blocks.push({ kind: 'list', items: list });
      list = [];
    };
    for (const raw of chunk.split('\n')) {
      const line = raw.trim();
      if (!line) continue;
      if (line.startsWith('- ')) {
        flushParagraph();
        list.push(line.slice(2).trim());
      } else {
        flushList();
        paragraph.push(line);
      }
    }
    flushParagraph();
    flushList();
  }
  return blocks;
}

// ---- attendance ----

/**
 * Someone typed in, as "Name – Role, Organisation": the name before the first dash (– — or " - "),
 * the organisation after the last comma of the rest, the role before it. "Jane Smith" alone is a name.
 */
export function parseAttendee(line: string): Attendee {
  const trimmed = line.trim();
  const dash = /\s+[–—-]\s+|\s*[–—]\s*/.exec(trimmed);
  if (!dash) return { name: trimmed };
  const name = trimmed.slice(0, dash.index).trim();
  const rest = trimmed.slice(dash.index + dash[0].length).trim();
  const comma = rest.lastIndexOf(',');
  const role = (comma >= 0 ? rest.slice(0, comma) : rest).trim();
  const organisation = comma >= 0 ? rest.slice(comma + 1).trim() : '';
  return { name, ...(role ? { role } : {}), ...(organisation ? { organisation } : {}) };
}

/** An attendee as one line, the inverse of parseAttendee: "Name – Role, Organisation". */
export function attendeeLine(a: Attendee): string {
  const rest = [a.role, a.organisation].filter(Boolean).join(', ');
  return rest ? `${a.name} – ${rest}` : a.name;
}

// ---- editing a draft ----

export interface SectionInput {
  agendaItemId: string;
  notes: string;
  recordingAt?: string;
}

export interface MinutesChange {
  attendance?: Attendance;
  sections?: SectionInput[];
  /** The future agenda items agreed, one title each (the whole list as it now stands). */
  futureItems?: string[];
  futureItemsNote?: string | null;
}

/** The sections checked against the agenda: known items only, recording times well formed. Field names are `sections.<i>.<field>`. */
function checkedSections(sections: SectionInput[], agenda: AgendaItem[]): MinutesSection[] {
  const known = new Set(agenda.map((a) => a.id));
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  sections.forEach((s, i) => {
    if (!known.has(s.agendaItemId)) issues.push({ field: `sections.${i}.agendaItemId`, message: `Agenda item ${s.agendaItemId} is not on this meeting's agenda` });
    else if (seen.has(s.agendaItemId)) issues.push({ field: `sections.${i}.agendaItemId`, message: `Agenda item ${s.agendaItemId} is given twice` });
    seen.add(s.agendaItemId);
    if (s.recordingAt && recordingSeconds(s.recordingAt) === undefined) issues.push({ field: `sections.${i}.recordingAt`, message: recordingTimeMessage });
  });
  if (issues.length) throw new ValidationError(issues.map((i) => i.message).join('; '), issues);
  return sections.map((s) => ({
    agendaItemId: s.agendaItemId,
    notes: s.notes.replace(/\r\n?/g, '\n').trim(),
    ...(s.recordingAt?.trim() ? { recordingAt: s.recordingAt.trim() } : {}),
  }));
}

/** The sections in agenda order: the ones given replace the stored ones; items not given keep theirs (or start empty). */
export function sectionsInAgendaOrder(stored: MinutesSection[], given: MinutesSection[], agenda: AgendaItem[]): MinutesSection[] {
  const byId = new Map([...stored, ...given].map((s) => [s.agendaItemId, s]));
  return agenda.map((item) => byId.get(item.id) ?? { agendaItemId: item.id, notes: '' });
}

/**
 * A change to a draft: attendance, notes, recording times, the future items list. Published minutes
 * are not edited: they are corrected when they are approved (a new revision, the old one kept).
 */
export function editMinutes(minutes: Minutes, change: MinutesChange, agenda: AgendaItem[], by: string, now: Date): Minutes {
  const touches = change.attendance || change.sections || change.futureItems || change.futureItemsNote !== undefined;
  if (touches && minutes.status !== 'draft') {
    throw new ConflictError(`These minutes are ${minutes.status === 'approved' ? 'approved' : 'published as a draft'}: they can no longer be edited. Corrections are made when they are approved, as a new revision.`);
  }
  const next: Minutes = { ...minutes, version: minutes.version + 1, updatedAt: now.toISOString(), updatedBy: by };
  if (change.attendance) next.attendance = change.attendance;
  if (change.sections) next.sections = sectionsInAgendaOrder(minutes.sections, checkedSections(change.sections, agenda), agenda);
  if (change.futureItemsNote === null || change.futureItemsNote === '') delete next.futureItemsNote;
  else if (change.futureItemsNote !== undefined) next.futureItemsNote = change.futureItemsNote;
  return next;
}

// ---- future agenda items → topics ----

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const titleKey = (title: string) => title.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * The topic id of a future item: the same for the same meeting and title (ULID-shaped: the
 * meeting's time part, then a hash), so a retried save names the topic it already made rather than
 * making a second one.
 */
export function futureTopicId(meetingId: string, title: string): string {
  const digest = createHash('sha256').update(`${meetingId}\n${titleKey(title)}`).digest();
  let tail = '';
  for (let i = 0; i < 16; i++) tail += CROCKFORD[digest[i]! % 32];
  return `${meetingId.slice(0, 10)}${tail}`;
}

/**
 * The future items as they now stand: titles already listed keep their topic; new titles get a
 * topic (source: these minutes), to create unless it exists already (`futureTopicId`). A title
 * taken off the list leaves its topic on the forward plan (staff close it there).
 */
export function futureItemsDiff(minutes: Pick<Minutes, 'meetingId' | 'futureItems'>, titles: string[], now: Date): { futureItems: Minutes['futureItems']; newTopics: Topic[] } {
  const existing = new Map(minutes.futureItems.map((f) => [titleKey(f.title), f]));
  const futureItems: Minutes['futureItems'] = [];
  const newTopics: Topic[] = [];
  const seen = new Set<string>();
  for (const raw of titles) {
    const title = raw.trim().replace(/\s+/g, ' ');
    const key = titleKey(title);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    const known = existing.get(key);
    if (known) {
      futureItems.push(known);
      continue;
    }
    const at = now.toISOString();
    const topic: Topic = { id: futureTopicId(minutes.meetingId, title), title, points: [], source: { kind: 'future-items', meetingId: minutes.meetingId }, status: 'open', version: 1, createdAt: at, updatedAt: at };
    newTopics.push(topic);
    futureItems.push({ title, topicId: topic.id });
  }
  return { futureItems, newTopics };
}

// ---- publishing and approval ----

/** The snapshot of a published revision. */
function revisionOf(minutes: Minutes, reason: string): MinutesRevision {
  const { version: _version, ...rest } = minutes;
  return { ...rest, reason };
}

/** Draft → published as a draft: revision 1 (or the next), a snapshot kept. The meeting must have taken place. */
export function publishMinutes(minutes: Minutes, meeting: Pick<Meeting, 'status' | 'start'>, by: string, now: Date): { minutes: Minutes; revision: MinutesRevision } {
  if (minutes.status !== 'draft') throw new ConflictError(`These minutes are already ${minutes.status === 'approved' ? 'approved' : 'published as a draft'}.`);
  if (meeting.status !== 'held') throw new ConflictError(`The meeting on ${formatLondonDate(meeting.start)} has not taken place yet: publish its minutes once it has.`);
  const at = now.toISOString();
  const next: Minutes = { ...minutes, status: 'published-draft', revision: minutes.revision + 1, publishedAt: at, version: minutes.version + 1, updatedAt: at, updatedBy: by };
  return { minutes: next, revision: revisionOf(next, 'Published as a draft, to be approved at the next meeting') };
}

/** The meeting that approves a meeting's minutes: the next one after it that is not cancelled. */
export function approvingMeeting<M extends Pick<Meeting, 'id' | 'start' | 'status'>>(meeting: Pick<Meeting, 'id' | 'start'>, meetings: M[]): M | undefined {
  return [...meetings]
    .filter((m) => m.id !== meeting.id && m.start > meeting.start && m.status !== 'cancelled')
    .sort((a, b) => byCodePoint(a.start, b.start))[0];
}

export interface Corrections {
  /** What was corrected, in a sentence: it becomes the revision's reason. */
  note: string;
  attendance?: Attendance;
  sections?: SectionInput[];
}

/**
 * Published as a draft → approved, at `at` (the next meeting, on or after its day): `approvedOn` is
 * that meeting's London date. Corrections made then change the minutes, and the new revision's
 * reason says what was corrected; the earlier revision is kept as it was.
 */
export function approveMinutes(
  minutes: Minutes,
  at: Pick<Meeting, 'id' | 'start'>,
  agenda: AgendaItem[],
  corrections: Corrections | undefined,
  by: string,
  now: Date,
): { minutes: Minutes; revision: MinutesRevision } {
  if (minutes.status === 'draft') throw new ConflictError('These minutes are still a draft: publish them as a draft first, then approve them at the next meeting.');
  if (minutes.status === 'approved') throw new ConflictError(`These minutes were approved on ${formatLondonDate(minutes.approvedOn!)}.`);
  const approvedOn = londonDate(at.start);
  if (londonDate(now.toISOString()) < approvedOn) {
    throw new ConflictError(`These minutes are approved at the meeting of ${formatLondonDate(approvedOn)}: approve them on or after that day.`);
  }
  const stamp = now.toISOString();
  let next: Minutes = { ...minutes };
  if (corrections?.attendance) next.attendance = corrections.attendance;
  if (corrections?.sections) next.sections = sectionsInAgendaOrder(minutes.sections, checkedSections(corrections.sections, agenda), agenda);
  const corrected = corrections !== undefined && (JSON.stringify(next.sections) !== JSON.stringify(minutes.sections) || JSON.stringify(next.attendance) !== JSON.stringify(minutes.attendance));
  if (corrected && !corrections.note.trim()) throw invalid('corrections.note', 'Say what was corrected: it is kept with the new revision');
  next = {
    ...next,
    status: 'approved',
    approvedOn,
    approvedAtMeetingId: at.id,
    revision: minutes.revision + 1,
    publishedAt: stamp,
    version: minutes.version + 1,
    updatedAt: stamp,
    updatedBy: by,
  };
  const when = formatLondonDate(approvedOn);
  const reason = corrected ? `Corrected and approved at the meeting of ${when}: ${corrections.note.trim()}` : `Approved as a correct record at the meeting of ${when}`;
  return { minutes: next, revision: revisionOf(next, reason) };
}

/** The meeting item with the minutes' state on it (the archive reads every meeting in one Query). */
export function meetingWithMinutes(meeting: Meeting, minutes: Minutes, change: { recordingUrl?: string | null }, now: Date): Meeting {
  const next: Meeting = { ...meeting, minutesStatus: minutes.status, version: meeting.version + 1, updatedAt: now.toISOString() };
  if (minutes.publishedAt) next.minutesPublishedAt = minutes.publishedAt;
  if (change.recordingUrl === null) delete next.recordingUrl;
  else if (change.recordingUrl) next.recordingUrl = change.recordingUrl;
  return next;
}

// ---- the attendance form: people picked from the list, and anyone else typed in ----

export const attendanceKeys = ['present', 'alsoPresent', 'apologies'] as const;
export type AttendanceKey = (typeof attendanceKeys)[number];

/**
 * The attendance from the form: each person on the list marked present, also present or apologies
 * (anyone else not recorded), with the organisation typed beside them; then the lines typed in.
 */
export function attendanceFrom(
  people: { id: string; name: string; role?: string }[],
  picks: Record<string, { where?: AttendanceKey; organisation?: string }>,
  others: Partial<Record<AttendanceKey, string[]>>,
): Attendance {
  const attendance = emptyAttendance();
  for (const person of people) {
    const pick = picks[person.id];
    if (!pick?.where) continue;
    attendance[pick.where].push({ name: person.name, ...(person.role ? { role: person.role } : {}), ...(pick.organisation ? { organisation: pick.organisation } : {}), personId: person.id });
  }
  for (const key of attendanceKeys) for (const line of others[key] ?? []) attendance[key].push(parseAttendee(line));
  return attendance;
}
