/**
 * The engagement manager's planning work: each function loads what it needs, calls the pure
 * domain, and writes all of its changes in one conditional write. API and page handlers share these.
 */
import { config } from '../config.js';
import type { DeadlineSettings } from '../domain/deadlines.js';
import { NotFoundError } from '../domain/errors.js';
import * as meetings from '../domain/meetings.js';
import * as topics from '../domain/topics.js';
import * as requests from '../domain/requests.js';
import * as actions from '../domain/actions.js';
import type { Action, AgendaItem, Meeting, ReportRequest, Topic } from '../schemas/entities.js';
import { itemOf, store, writeAll, type MeetingBundle } from '../store/store.js';
import { sendEmail } from '../mail/mailer.js';
import { logger } from '../observability.js';
import { londonDate } from '../domain/time.js';
import { historyEntry, latestSummary } from '../domain/papers.js';
import type { Actor, PaperVersion } from '../schemas/papers.js';

/** Who made a change, for a request's history; the API and pages pass the signed-in staff member. */
const office: Actor = { kind: 'staff', name: 'The office' };

export function deadlineSettings(): DeadlineSettings {
  const c = config();
  return {
    publicationClearWorkingDays: c.PUBLICATION_CLEAR_WORKING_DAYS,
    papersDueWorkingDaysBeforePublication: c.PAPERS_DUE_WORKING_DAYS_BEFORE_PUBLICATION,
    questionDeadlineDaysBefore: c.QUESTION_DEADLINE_DAYS_BEFORE,
  };
}

/** A meeting as the API returns it: with its derived deadlines. */
export const withDeadlines = (meeting: Meeting) => ({ ...meeting, deadlines: meetings.deadlinesOf(meeting, deadlineSettings()) });

async function bundleOrThrow(meetingId: string): Promise<MeetingBundle> {
  const bundle = await store.getMeetingBundle(meetingId);
  if (!bundle) throw new NotFoundError(`There is no meeting with id ${meetingId}`);
  return bundle;
}

async function meetingOrThrow(meetingId: string): Promise<Meeting> {
  const meeting = await store.getMeeting(meetingId);
  if (!meeting) throw new NotFoundError(`There is no meeting with id ${meetingId}`);
  return meeting;
}

async function topicOrThrow(topicId: string): Promise<Topic> {
  const topic = await store.getTopic(topicId);
  if (!topic) throw new NotFoundError(`There is no topic with id ${topicId}`, 'topic');
  return topic;
}

// ---- meetings ----

export async function createMeetings(list: meetings.MeetingFields[], now: Date) {
  const made = list.map((fields) => meetings.newMeeting(fields, now));
  await writeAll(
    made.flatMap(({ meeting, agenda }) => [{ item: itemOf.meeting(meeting) }, ...agenda.map((a) => ({ item: itemOf.agendaItem(a) }))]),
    'the meetings',
  );
  return made.map(({ meeting }) => withDeadlines(meeting));
}

export async function getMeetingView(meetingId: string, now: Date) {
  const bundle = await bundleOrThrow(meetingId);
  const mattersArising = await store.listOpenActions(bundle.meeting.start);
  return {
    meeting: withDeadlines(bundle.meeting),
    agenda: meetings.orderedAgenda(bundle.meeting, bundle.agendaItems),
    requests: bundle.requests.map((r) => publicRequest(requests.track(r, now), bundle.papers)),
    actions: sortByCreation(bundle.actions),
    mattersArising: sortByCreation(mattersArising),
  };
}

export async function updateMeeting(meetingId: string, change: meetings.MeetingChange & { version: number }, now: Date) {
  const meeting = await meetingOrThrow(meetingId);
  meetings.assertVersion(meeting, change.version, 'meeting');
  const next = meetings.changeMeeting(meeting, change, now);
  await writeAll([{ item: itemOf.meeting(next), previousVersion: meeting.version }], 'this meeting');
  return withDeadlines(next);
}

export async function reorderAgenda(meetingId: string, order: string[], version: number, now: Date) {
  const meeting = await meetingOrThrow(meetingId);
  meetings.assertVersion(meeting, version, 'agenda');
  const next = meetings.reorderAgenda(meeting, order, now);
  await writeAll([{ item: itemOf.meeting(next), previousVersion: meeting.version }], 'this agenda');
  return withDeadlines(next);
}

/** `version` is the one the page showed: a move decided on an agenda someone has since changed is refused (409). */
export async function moveAgendaItem(meetingId: string, itemId: string, direction: 'up' | 'down', version: number, now: Date) {
  const meeting = await meetingOrThrow(meetingId);
  meetings.assertVersion(meeting, version, 'agenda');
  const next = meetings.moveAgendaItem(meeting, itemId, direction, now);
  if (next !== meeting) await writeAll([{ item: itemOf.meeting(next), previousVersion: meeting.version }], 'this agenda');
  return next;
}

/** Put a topic on the agenda (and mark it scheduled) in one transaction. */
function scheduleWrites(bundle: MeetingBundle, topic: Topic, now: Date) {
  const existing = bundle.agendaItems.find((a) => a.topicId === topic.id);
  const scheduled = topics.scheduleTopic(topic, bundle.meeting.id, now);
  const item = existing ?? requests.topicAgendaItem(bundle.meeting.id, topic);
  const writes: Parameters<typeof writeAll>[0] = [];
  let meeting = bundle.meeting;
  if (!existing) {
    meeting = meetings.insertTopicItem(bundle.meeting, bundle.agendaItems, item, now);
    writes.push({ item: itemOf.agendaItem(item) }, { item: itemOf.meeting(meeting), previousVersion: bundle.meeting.version });
  }
  if (scheduled !== topic) writes.push({ item: itemOf.topic(scheduled), previousVersion: topic.version });
  return { item, meeting, writes };
}

export async function addAgendaTopic(meetingId: string, topicId: string, version: number, now: Date) {
  const [bundle, topic] = await Promise.all([bundleOrThrow(meetingId), topicOrThrow(topicId)]);
  meetings.assertVersion(bundle.meeting, version, 'agenda');
  meetings.assertOpenForPlanning(bundle.meeting);
  const { item, meeting, writes } = scheduleWrites(bundle, topic, now);
  if (writes.length) await writeAll(writes, 'this agenda');
  return { meeting: withDeadlines(meeting), agenda: meetings.orderedAgenda(meeting, [...bundle.agendaItems, item]) };
}

// ---- topics ----

export const listTopics = async () => sortByCreation(await store.listTopics());

export async function createTopic(input: { title: string; points: string[]; source: Topic['source'] }, now: Date) {
  if (input.source.kind !== 'staff') await meetingOrThrow(input.source.meetingId);
  if (input.source.kind === 'action' && !(await store.getAction(input.source.meetingId, input.source.actionId))) {
    throw new NotFoundError(`There is no action with id ${input.source.actionId} at that meeting`);
  }
  const topic = topics.newTopic(input, now);
  await writeAll([{ item: itemOf.topic(topic) }]);
  return topic;
}

export async function updateTopic(topicId: string, change: { version: number; title?: string; points?: string[]; status?: 'open' | 'closed' }, now: Date) {
  const topic = await topicOrThrow(topicId);
  meetings.assertVersion(topic, change.version, 'topic');
  const next = topics.changeTopic(topic, change, now);
  await writeAll([{ item: itemOf.topic(next), previousVersion: topic.version }], 'this topic');
  return next;
}

// ---- report requests ----

/**
 * The secret's hash stays inside the store; API and pages never show it. Given the meeting's paper
 * versions, the row also says which is the latest (number, when, late, points confirmed).
 */
export function publicRequest(row: requests.TrackingRow, papers?: readonly PaperVersion[]) {
  const { linkHash: _hidden, reminderLinkHashes: _alsoHidden, ...request } = row.request;
  const latestPaper = papers ? latestSummary(row.request, papers) : undefined;
  return { ...request, timeliness: row.timeliness, daysLeft: row.daysLeft, ...(latestPaper ? { latestPaper } : {}) };
}

async function emailRequest(request: ReportRequest, meeting: Meeting, secret: string, baseUrl: string, now: Date) {
  const data = { request, meeting, link: requests.submissionLink(baseUrl, request.id, secret) };
  try {
    // Two emails, so each person is addressed directly: the author writes, the sponsor is accountable.
    await sendEmail({ to: [request.author], template: 'request-author', data });
    await sendEmail({ to: [request.sponsor], template: 'request-sponsor', data });
    return { ...request, emailedAt: now.toISOString() };
  } catch (error) {
    logger.warn('Request email failed', { requestId: request.id, error: (error as Error).name });
    return { ...request, emailError: `The request email could not be sent (${(error as Error).name}). Send it again from the meeting page.` };
  }
}

/**
 * Schedule the topic (if it is not yet), create the request and send it. The request is stored
 * before any email goes; whether the emails went is recorded on it, and "send again" re-issues.
 */
export async function createRequest(meetingId: string, input: requests.RequestInput & { topicId: string }, baseUrl: string, now: Date, by: Actor = office) {
  const [bundle, topic] = await Promise.all([bundleOrThrow(meetingId), topicOrThrow(input.topicId)]);
  meetings.assertOpenForPlanning(bundle.meeting);
  const { item, writes } = scheduleWrites(bundle, topic, now);
  const { request, secret } = requests.newRequest({
    meeting: bundle.meeting,
    topic,
    agendaItemId: item.id,
    existing: bundle.requests,
    input,
    deadlines: meetings.deadlinesOf(bundle.meeting, deadlineSettings()),
    now,
  });
  await writeAll([...writes, { item: itemOf.request(request) }, { item: itemOf.history(historyEntry(request, 'requested', by, now)) }], 'this meeting');
  const sent = await emailRequest(request, bundle.meeting, secret, baseUrl, now);
  await writeAll([{ item: itemOf.request({ ...sent, version: request.version + 1 }), previousVersion: request.version }], 'this request');
  return publicRequest(requests.track({ ...sent, version: request.version + 1 }, now));
}

async function requestOrThrow(meetingId: string, requestId: string) {
  const request = await store.getRequest(meetingId, requestId);
  if (!request) throw new NotFoundError(`There is no report request with id ${requestId} for that meeting`);
  return request;
}

export async function resendRequest(meetingId: string, requestId: string, baseUrl: string, now: Date, by: Actor = office) {
  const [meeting, request] = await Promise.all([meetingOrThrow(meetingId), requestOrThrow(meetingId, requestId)]);
  const { request: reissued, secret } = requests.reissueLink(request, now);
  await writeAll(
    [{ item: itemOf.request(reissued), previousVersion: request.version }, { item: itemOf.history(historyEntry(request, 'link-reissued', by, now)) }],
    'this request',
  );
  const sent = { ...(await emailRequest(reissued, meeting, secret, baseUrl, now)), version: reissued.version + 1 };
  await writeAll([{ item: itemOf.request(sent), previousVersion: reissued.version }], 'this request');
  return publicRequest(requests.track(sent, now));
}

export async function withdrawRequest(meetingId: string, requestId: string, now: Date, by: Actor = office) {
  const request = await requestOrThrow(meetingId, requestId);
  const next = requests.withdrawRequest(request, now);
  if (next === request) return publicRequest(requests.track(request, now));
  const topic = await store.getTopic(request.topicId);
  const writes: Parameters<typeof writeAll>[0] = [
    { item: itemOf.request(next), previousVersion: request.version },
    { item: itemOf.history(historyEntry(request, 'withdrawn', by, now)) },
  ];
  // The topic goes back on the forward plan.
  if (topic?.status === 'scheduled' && topic.meetingId === meetingId) {
    const { meetingId: _was, ...rest } = topic;
    writes.push({ item: itemOf.topic({ ...rest, status: 'open', version: topic.version + 1, updatedAt: now.toISOString() }), previousVersion: topic.version });
  }
  await writeAll(writes, 'this request');
  return publicRequest(requests.track(next, now));
}

export async function tracking(meetingId: string, now: Date) {
  const found = await store.getMeetingRequests(meetingId);
  if (!found) throw new NotFoundError(`There is no meeting with id ${meetingId}`);
  return {
    meeting: withDeadlines(found.meeting),
    today: londonDate(now.toISOString()),
    requests: found.requests
      .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.title.localeCompare(b.title))
      .map((r) => publicRequest(requests.track(r, now), found.papers)),
  };
}

// ---- actions ----

export async function createAction(meetingId: string, input: { text: string; owner: string }, by: string, now: Date) {
  const meeting = await meetingOrThrow(meetingId);
  const action = actions.newAction(meeting, input, by, now);
  await writeAll([{ item: itemOf.action(action) }]);
  return action;
}

export async function updateAction(meetingId: string, actionId: string, update: { version: number; status: Action['status']; note?: string }, by: string, now: Date) {
  const action = await store.getAction(meetingId, actionId);
  if (!action) throw new NotFoundError(`There is no action with id ${actionId} at that meeting`);
  meetings.assertVersion(action, update.version, 'action');
  const next = actions.updateAction(action, update, by, now);
  await writeAll([{ item: itemOf.action(next), previousVersion: action.version }], 'this action');
  return next;
}

export async function mattersArising(meetingId: string) {
  const meeting = await meetingOrThrow(meetingId);
  return { meeting: withDeadlines(meeting), actions: sortByCreation(await store.listOpenActions(meeting.start)) };
}

const sortByCreation = <T extends { createdAt: string }>(list: T[]) => [...list].sort((a, b) => a.createdAt.localeCompare(b.createdAt));

export type { AgendaItem };
