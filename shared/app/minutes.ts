/**
 * Attendance and minutes (issue 13 §1, §2): load the meeting with its minutes, call the domain,
 * write each step in one transaction (minutes on their version, the meeting item on its version,
 * new topics, a kept revision). API and pages share these.
 */
import { ConflictError, NotFoundError, notFound } from '../domain/errors.js';
import * as m from '../domain/minutes.js';
import { assertVersion, orderedAgenda } from '../domain/meetings.js';
import { formatLondonDate } from '../domain/time.js';
import type { Action, AgendaItem, Meeting, ReportRequest } from '../schemas/entities.js';
import type { Attendance, Minutes, MinutesRevision, SaveMinutesInput } from '../schemas/minutes.js';
import { meetingStore, minutesStore, topicStore } from '../store/store.js';
import { asOfNow } from './planning.js';
import { byCodePoint } from '../domain/order.js';

export interface LoadedMinutes {
  /** The meeting as stored (what a write replaces). */
  stored: Meeting;
  /** The meeting with the status it counts as now (held once it has ended). */
  meeting: Meeting;
  agenda: AgendaItem[];
  /** The stored minutes, or new ones (version 0) when staff have not started them. */
  minutes: Minutes;
  actions: Action[];
  requests: ReportRequest[];
}

/** A meeting with its agenda, actions, requests and minutes: the key ranges of its partition that hold them (not its paper versions). */
export async function loadMinutes(meetingId: string, now: Date, by = ''): Promise<LoadedMinutes> {
  const bundle = await meetingStore.view(meetingId);
  if (!bundle) throw notFound.meeting(meetingId);
  const agenda = orderedAgenda(bundle.meeting, bundle.agendaItems);
  return {
    stored: bundle.meeting,
    meeting: asOfNow(bundle.meeting, now),
    agenda,
    minutes: bundle.minutes ?? m.newMinutes(bundle.meeting, agenda, by, now),
    actions: [...bundle.actions].sort((a, b) => byCodePoint(a.createdAt, b.createdAt)),
    requests: bundle.requests,
  };
}

/** Published minutes for the public: 404 while there are none, or they are a draft. */
export async function publicMinutes(meetingId: string, now: Date): Promise<LoadedMinutes> {
  const loaded = await loadMinutes(meetingId, now);
  if (loaded.minutes.status === 'draft') throw new NotFoundError(`The minutes of meeting ${meetingId} are not published`, 'meeting');
  return loaded;
}

export const minutesRevisions = (meetingId: string): Promise<MinutesRevision[]> => minutesStore.revisions(meetingId);

const checkVersion = (minutes: Minutes, version: number | undefined) => {
  if (version === undefined && minutes.version > 0) {
    throw new ConflictError(`These minutes have been saved already (version ${minutes.version}): give the version you read, so a change made meanwhile is not lost.`);
  }
  assertVersion(minutes, version ?? 0, 'minutes');
};

/**
 * Save a draft (or only the recording link of published minutes). Future items new to the list
 * become topics of the forward plan in the same transaction; a topic that exists already (a retry)
 * is named, not made again.
 */
export async function saveMinutes(meetingId: string, input: SaveMinutesInput, by: string, now: Date): Promise<Minutes> {
  const loaded = await loadMinutes(meetingId, now, by);
  checkVersion(loaded.minutes, input.version);
  const next = m.editMinutes(
    loaded.minutes,
    { attendance: input.attendance as Attendance | undefined, sections: input.sections, futureItems: input.futureItems, futureItemsNote: input.futureItemsNote },
    loaded.agenda,
    by,
    now,
  );
  let topics: ReturnType<typeof m.futureItemsDiff>['newTopics'] = [];
  if (input.futureItems) {
    const diff = m.futureItemsDiff(loaded.minutes, input.futureItems, now);
    const found = await Promise.all(diff.newTopics.map((t) => topicStore.get(t.id)));
    topics = diff.newTopics.filter((_, i) => !found[i]);
    next.futureItems = diff.futureItems;
  }
  const meeting = m.meetingWithMinutes(loaded.stored, next, { recordingUrl: input.recordingUrl }, now);
  await minutesStore.save({ minutes: { next, readVersion: loaded.minutes.version }, meeting: { next: meeting, readVersion: loaded.stored.version }, topics });
  return next;
}

/** Draft → published as a draft (revision kept). */
export async function publishMinutes(meetingId: string, version: number, by: string, now: Date): Promise<Minutes> {
  const loaded = await loadMinutes(meetingId, now, by);
  if (loaded.minutes.version === 0) throw new ConflictError('There are no minutes to publish yet: write and save them first.');
  checkVersion(loaded.minutes, version);
  const { minutes, revision } = m.publishMinutes(loaded.minutes, loaded.meeting, by, now);
  const meeting = m.meetingWithMinutes(loaded.stored, minutes, {}, now);
  await minutesStore.save({ minutes: { next: minutes, readVersion: loaded.minutes.version }, meeting: { next: meeting, readVersion: loaded.stored.version }, revision });
  return minutes;
}

/** The meeting that approves these minutes (the next one not cancelled), if one is scheduled. */
export async function approvingMeetingOf(meeting: Pick<Meeting, 'id' | 'start'>): Promise<Meeting | undefined> {
  return m.approvingMeeting(meeting, await meetingStore.list(meeting.start));
}

/** Published as a draft → approved at the next meeting; corrections a new revision, the earlier kept. */
export async function approveMinutes(meetingId: string, input: { version: number; corrections?: m.Corrections }, by: string, now: Date): Promise<Minutes> {
  const loaded = await loadMinutes(meetingId, now, by);
  checkVersion(loaded.minutes, input.version);
  const at = await approvingMeetingOf(loaded.stored);
  if (!at) throw new ConflictError(`Minutes are approved at the next meeting, and none is scheduled after ${formatLondonDate(loaded.stored.start)}: schedule it first.`);
  const { minutes, revision } = m.approveMinutes(loaded.minutes, at, loaded.agenda, input.corrections, by, now);
  const meeting = m.meetingWithMinutes(loaded.stored, minutes, {}, now);
  await minutesStore.save({ minutes: { next: minutes, readVersion: loaded.minutes.version }, meeting: { next: meeting, readVersion: loaded.stored.version }, revision });
  return minutes;
}

/**
 * The meeting before this one whose minutes wait for approval here (published as a draft, and this
 * is the next meeting not cancelled): for the staff page's "Approve the minutes of <date>".
 */
export async function minutesToApproveAt(meeting: Pick<Meeting, 'id' | 'start'>): Promise<Meeting | undefined> {
  const earlier = await meetingStore.list('0000', `${meeting.start}#\uffff`);
  const previous = earlier.filter((e) => e.id !== meeting.id && e.start < meeting.start && e.status !== 'cancelled' && e.minutesStatus === 'published-draft');
  return previous.find((p) => m.approvingMeeting(p, earlier)?.id === meeting.id);
}

/** The same, by the meeting's id (the staff meeting page; read beside its other reads). */
export async function minutesToApproveAtId(meetingId: string): Promise<Meeting | undefined> {
  const meeting = await meetingStore.get(meetingId);
  return meeting && minutesToApproveAt(meeting);
}

/** The API's view of a meeting's minutes. */
export async function minutesApiView(meetingId: string, now: Date) {
  const [loaded, revisions] = await Promise.all([loadMinutes(meetingId, now), minutesRevisions(meetingId)]);
  const at = await approvingMeetingOf(loaded.stored);
  return { minutes: loaded.minutes, revisions, recordingUrl: loaded.stored.recordingUrl, approvingMeetingId: at?.id };
}

// ---- what the minutes say, for the pages and the Word document ----

export interface MinutesItemModel {
  number: number;
  id: string;
  title: string;
  blocks: m.NotesBlock[];
  notes: string;
  recordingAt?: string;
  recordingHref?: string;
  paper?: { title: string; requestId: string; published: boolean };
  actions: { id: string; text: string; owner: string; targetDate?: string; status: string }[];
  futureItems: boolean;
}

export interface MinutesModel {
  meetingId: string;
  title: string;
  date: string;
  place: string;
  status: Minutes['status'];
  /** "Draft minutes, to be approved at the next meeting", or "Approved as a correct record at the meeting of <date>". */
  statusLine: string;
  attendance: { heading: string; key: keyof Attendance; lines: string[] }[];
  items: MinutesItemModel[];
  futureItems: { title: string; topicId: string }[];
  futureItemsNote?: string;
  recordingUrl?: string;
  revision: number;
  version: number;
}

export function minutesModel(loaded: LoadedMinutes): MinutesModel {
  const { minutes, stored } = loaded;
  const sections = new Map(minutes.sections.map((s) => [s.agendaItemId, s]));
  const requests = new Map(loaded.requests.map((r) => [r.id, r]));
  return {
    meetingId: stored.id,
    title: stored.title,
    date: formatLondonDate(stored.start),
    place: stored.place,
    status: minutes.status,
    statusLine:
      minutes.status === 'approved'
        ? `Approved as a correct record at the meeting of ${formatLondonDate(minutes.approvedOn!)}`
        : minutes.status === 'published-draft'
          ? 'Draft minutes, to be approved at the next meeting'
          : 'Draft: not published',
    attendance: (
      [
        ['Present', 'present'],
        ['Also present', 'alsoPresent'],
        ['Apologies', 'apologies'],
      ] as const
    ).map(([heading, key]) => ({ heading, key, lines: minutes.attendance[key].map(m.attendeeLine) })),
    items: loaded.agenda.map((item, i) => {
      const section = sections.get(item.id);
      const request = item.requestId ? requests.get(item.requestId) : undefined;
      return {
        number: i + 1,
        id: item.id,
        title: item.title,
        notes: section?.notes ?? '',
        blocks: m.notesBlocks(section?.notes ?? ''),
        ...(section?.recordingAt ? { recordingAt: section.recordingAt } : {}),
        ...(section?.recordingAt && stored.recordingUrl ? { recordingHref: m.recordingLink(stored.recordingUrl, section.recordingAt) } : {}),
        ...(request && request.status !== 'withdrawn' ? { paper: { title: request.title, requestId: request.id, published: request.status === 'published' } } : {}),
        actions: loaded.actions
          .filter((a) => a.agendaItemId === item.id)
          .map((a) => ({ id: a.id, text: a.text, owner: a.owner, ...(a.targetDate ? { targetDate: formatLondonDate(a.targetDate) } : {}), status: a.status })),
        futureItems: item.standing === 'future-items',
      };
    }),
    futureItems: minutes.futureItems,
    ...(minutes.futureItemsNote ? { futureItemsNote: minutes.futureItemsNote } : {}),
    ...(stored.recordingUrl ? { recordingUrl: stored.recordingUrl } : {}),
    revision: minutes.revision,
    version: minutes.version,
  };
}
