/**
 * The engagement manager's planning work: each function loads what it needs, calls the pure
 * domain, and writes all of its changes in one conditional write. API and page handlers share these.
 */
import { config } from '../config.js';
import type { DeadlineSettings } from '../domain/deadlines.js';
import { NotFoundError, invalid, notFound } from '../domain/errors.js';
import * as meetings from '../domain/meetings.js';
import * as topics from '../domain/topics.js';
import * as requests from '../domain/requests.js';
import * as actions from '../domain/actions.js';
import type { Action, AgendaItem, Meeting, PersonChoice, ReportRequest, Topic } from '../schemas/entities.js';
import { resolveRequestPeople } from './people.js';
import { actionStore, meetingStore, requestStore, topicStore, type MeetingBundle, type SchedulePlan } from '../store/store.js';
import type { EmailRecord } from '../schemas/emails.js';
import { emailSummary, latestRound, queued, roundOf, roundState } from './emails.js';
import { endOfLondonDay, londonDate, parseLondonLocal } from '../domain/time.js';
import { meetingsCalendar } from '../calendar.js';
import { historyEntry, keptSummary, latestSummary } from '../domain/papers.js';
import type { Actor, PaperVersion } from '../schemas/papers.js';
import { byCodePoint } from '../domain/order.js';

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
  const bundle = await meetingStore.bundle(meetingId);
  if (!bundle) throw notFound.meeting(meetingId);
  return bundle;
}

async function meetingOrThrow(meetingId: string): Promise<Meeting> {
  const meeting = await meetingStore.get(meetingId);
  if (!meeting) throw notFound.meeting(meetingId);
  return meeting;
}

async function topicOrThrow(topicId: string): Promise<Topic> {
  const topic = await topicStore.get(topicId);
  if (!topic) throw new NotFoundError(`There is no topic with id ${topicId}`, 'topic');
  return topic;
}

// ---- meetings ----

export async function createMeetings(list: meetings.MeetingFields[], now: Date) {
  const made = list.map((fields) => meetings.newMeeting(fields, now));
  await meetingStore.create(made);
  return made.map(({ meeting }) => withDeadlines(meeting));
}

/** A series: one meeting per start date `seriesStarts` gives (listed dates, or every N weeks). */
export async function createMeetingSeries(body: Parameters<typeof meetings.seriesStarts>[0] & Omit<meetings.MeetingFields, 'start'>, now: Date) {
  const { title, place, livestreamUrl } = body;
  return createMeetings(meetings.seriesStarts(body).map((start) => ({ title, place, livestreamUrl, start })), now);
}

/**
 * A meeting with the status it counts as at `now`: once its start plus MEETING_HELD_AFTER_HOURS has
 * passed, held (issue 12 §3; derived for what people read, never stored by itself).
 */
export const asOfNow = <M extends Pick<Meeting, 'start' | 'status'>>(meeting: M, now?: Date) => (now ? meetings.asOf(meeting, now, config().MEETING_HELD_AFTER_HOURS) : meeting);

/** Meetings between two London dates (`YYYY-MM-DD`, both inclusive; either may be left open). */
export async function listMeetings(range: { from?: string; to?: string }, now?: Date) {
  const from = range.from ? parseLondonLocal(`${range.from}T00:00`) : undefined;
  const to = range.to ? endOfLondonDay(range.to) : undefined;
  return (await meetingStore.list(from, to)).map((m) => withDeadlines(asOfNow(m, now)));
}

/** Meetings starting at or after `from` (an ISO instant), or every meeting: the pages' lists (with `now`, as they count at that moment). */
export const meetingsFrom = async (from?: string, now?: Date) => (await meetingStore.list(from)).map((m) => asOfNow(m, now));

/** One topic, or undefined. */
export const findTopic = (topicId: string) => topicStore.get(topicId);

/** One meeting, or undefined. */
export const findMeeting = (meetingId: string) => meetingStore.get(meetingId);

/** A meeting with its agenda, requests and the other items stored under it (not its paper versions), or undefined. */
export const meetingBundle = (meetingId: string) => meetingStore.view(meetingId);

/** Every action not yet done, across meetings. */
export const openActions = () => actionStore.listOpen();

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** The iCalendar feed: meetings from a year ago onwards, so subscribers keep recent history. */
export async function meetingsFeed(now: Date, baseUrl: string) {
  return meetingsCalendar((await meetingStore.list(new Date(now.getTime() - YEAR_MS).toISOString())).map((m) => asOfNow(m, now)), baseUrl);
}

export async function getMeetingView(meetingId: string, now: Date) {
  // Only the key ranges the view shows (not the paper versions or the history): store.ts `view`; and, at
  // the same time, the open actions (a sparse index: few), of which those of earlier meetings are matters arising.
  const [bundle, open] = await Promise.all([meetingStore.view(meetingId), actionStore.listOpen()]);
  if (!bundle) throw notFound.meeting(meetingId);
  const mattersArising = open.filter((a) => a.meetingStart < bundle.meeting.start);
  return {
    meeting: withDeadlines(asOfNow(bundle.meeting, now)),
    agenda: meetings.orderedAgenda(bundle.meeting, bundle.agendaItems),
    requests: bundle.requests.map((r) => publicRequest(requests.track(r, now), bundle.papers, bundle.emails)),
    actions: sortByCreation(bundle.actions),
    mattersArising: sortByCreation(mattersArising),
  };
}

export async function updateMeeting(meetingId: string, change: meetings.MeetingChange & { version: number }, now: Date) {
  const meeting = await meetingOrThrow(meetingId);
  meetings.assertVersion(meeting, change.version, 'meeting');
  const next = meetings.changeMeeting(meeting, change, now);
  await meetingStore.save({ next, readVersion: meeting.version });
  return withDeadlines(next);
}

export async function reorderAgenda(meetingId: string, order: string[], version: number, now: Date) {
  const meeting = await meetingOrThrow(meetingId);
  meetings.assertVersion(meeting, version, 'agenda');
  const next = meetings.reorderAgenda(meeting, order, now);
  await meetingStore.save({ next, readVersion: meeting.version }, 'this agenda');
  return withDeadlines(next);
}

/** `version` is the one the page showed: a move decided on an agenda someone has since changed is refused (409). */
export async function moveAgendaItem(meetingId: string, itemId: string, direction: 'up' | 'down', version: number, now: Date) {
  const meeting = await meetingOrThrow(meetingId);
  meetings.assertVersion(meeting, version, 'agenda');
  const next = meetings.moveAgendaItem(meeting, itemId, direction, now);
  if (next !== meeting) await meetingStore.save({ next, readVersion: meeting.version }, 'this agenda');
  return next;
}

/**
 * Put a topic on the agenda (its item added, the meeting's order changed, the topic marked
 * scheduled), or find it there. `topic` is the topic as it will be, if it changes.
 */
function schedulePlan(bundle: MeetingBundle, topic: Topic, next: Topic | undefined, now: Date) {
  const existing = bundle.agendaItems.find((a) => a.topicId === topic.id);
  const item = existing ?? requests.topicAgendaItem(bundle.meeting.id, topic);
  const meeting = existing ? bundle.meeting : meetings.insertTopicItem(bundle.meeting, bundle.agendaItems, item, now);
  const plan: SchedulePlan = {
    meeting: { next: meeting, readVersion: bundle.meeting.version, changed: !existing },
    ...(existing ? {} : { agendaItem: item }),
    ...(next && next !== topic ? { topic: { next, readVersion: topic.version } } : {}),
  };
  return { item, meeting, plan };
}

export async function addAgendaTopic(meetingId: string, topicId: string, version: number, now: Date) {
  const [bundle, topic] = await Promise.all([bundleOrThrow(meetingId), topicOrThrow(topicId)]);
  meetings.assertVersion(bundle.meeting, version, 'agenda');
  meetings.assertOpenForPlanning(bundle.meeting);
  const { item, meeting, plan } = schedulePlan(bundle, topic, topics.scheduleTopic(topic, meetingId, now), now);
  if (plan.agendaItem || plan.topic) await meetingStore.scheduleTopic(plan);
  return { meeting: withDeadlines(meeting), agenda: meetings.orderedAgenda(meeting, [...bundle.agendaItems, item]) };
}

// ---- topics ----

export const listTopics = async () => sortByCreation(await topicStore.list());

export async function createTopic(input: { title: string; points: string[]; source: Topic['source'] }, now: Date) {
  if (input.source.kind !== 'staff') await meetingOrThrow(input.source.meetingId);
  if (input.source.kind === 'action' && !(await actionStore.get(input.source.meetingId, input.source.actionId))) {
    throw notFound.action(input.source.actionId);
  }
  const topic = topics.newTopic(input, now);
  await topicStore.create(topic);
  return topic;
}

export async function updateTopic(topicId: string, change: { version: number; title?: string; points?: string[]; status?: 'open' | 'closed'; reason?: string }, now: Date) {
  const topic = await topicOrThrow(topicId);
  meetings.assertVersion(topic, change.version, 'topic');
  const next = topics.changeTopic(topic, change, now);
  await topicStore.save({ next, readVersion: topic.version });
  return next;
}

// ---- report requests ----

/**
 * The secret's hash stays inside the store; API and pages never show it. Given the meeting's paper
 * versions, the row also says which is the latest (number, when, late, points confirmed); given the
 * email records, whether the request's emails (for its current link) went.
 */
export function publicRequest(row: requests.TrackingRow, papers?: readonly PaperVersion[], emails?: readonly EmailRecord[]) {
  const { linkHash: _hidden, reminderLinkHashes: _alsoHidden, latestVersion: _kept, ...request } = row.request;
  // Given the versions (or, for the meeting view, those of requests that keep no latest): the latest the request keeps, else from them.
  const latestPaper = papers ? (keptSummary(row.request) ?? latestSummary(row.request, papers)) : undefined;
  return { ...request, ...(emails ? requestEmailState(row.request, emails) : {}), timeliness: row.timeliness, daysLeft: row.daysLeft, ...(latestPaper ? { latestPaper } : {}) };
}

/** Whether the emails carrying a request's current link went: when, still on their way, or why not. */
function requestEmailState(request: ReportRequest, emails: readonly EmailRecord[]): { requestEmails: ReturnType<typeof emailSummary>[]; emailedAt?: string; emailSending?: boolean; emailError?: string } {
  const round = latestRound(emails.filter((e) => e.subjectId === request.id && e.purpose.startsWith('request-')));
  const { sentAt, failed, sending } = roundState(round);
  const each = { requestEmails: round.map((e) => emailSummary(e)) };
  if (failed) {
    const who = failed.purpose === 'request-author' ? 'author' : 'sponsor';
    return { ...each, emailError: `The request email to the ${who} could not be sent (${failed.error}). Send a new link from the request page.` };
  }
  if (sending) return { ...each, emailSending: true };
  return sentAt ? { ...each, emailedAt: sentAt } : each;
}

/**
 * A request's two emails for its current link (each person addressed directly: the author writes,
 * the sponsor is accountable), queued in the outbox with the change: the link's secret travels in the
 * message until it is sent, and is dropped from the record then.
 */
function requestEmails(request: ReportRequest, meeting: Meeting, secret: string, baseUrl: string, now: Date): EmailRecord[] {
  const data = { request, meeting, link: requests.submissionLink(baseUrl, request.id, secret) };
  return (['author', 'sponsor'] as const).map((who) =>
    queued({ subjectId: request.id, meetingId: request.meetingId, purpose: `request-${who}`, round: roundOf(request.linkIssuedAt, request.version), message: { to: [request[who]], template: `request-${who}`, data }, now }),
  );
}

/**
 * Schedule the topic (if it is not yet), create the request and queue its emails: the request and its
 * two emails are one transaction (the outbox sends them and marks each on its record); "send again"
 * issues a new link.
 */
export async function createRequest(meetingId: string, input: Omit<requests.RequestInput, 'sponsor' | 'author'> & { topicId: string; sponsor: PersonChoice; author: PersonChoice }, baseUrl: string, now: Date, by: Actor = office) {
  const [bundle, topic, people] = await Promise.all([
    bundleOrThrow(meetingId),
    topicOrThrow(input.topicId),
    resolveRequestPeople({ sponsor: input.sponsor, author: input.author }, now),
  ]);
  meetings.assertOpenForPlanning(bundle.meeting);
  // Scheduling checks the topic can go on this meeting; the request then names the agenda item.
  const { item, plan } = schedulePlan(bundle, topic, topics.scheduleTopic(topic, meetingId, now), now);
  const { request, secret } = requests.newRequest({
    meeting: bundle.meeting,
    topic,
    agendaItemId: item.id,
    existing: bundle.requests,
    input: { ...input, sponsor: people.sponsor, author: people.author },
    deadlines: meetings.deadlinesOf(bundle.meeting, deadlineSettings()),
    now,
  });
  const schedule = { ...plan, topic: { next: topics.attachRequest(topic, meetingId, request.id, now), readVersion: topic.version } };
  const records = requestEmails(request, bundle.meeting, secret, baseUrl, now);
  await requestStore.create({ request, history: historyEntry(request, 'requested', by, now), emails: records, schedule, people: people.writes });
  return publicRequest(requests.track(request, now), undefined, records);
}

async function requestOrThrow(meetingId: string, requestId: string) {
  const request = await requestStore.get(meetingId, requestId);
  if (!request) throw notFound.request(requestId);
  return request;
}

export async function resendRequest(meetingId: string, requestId: string, baseUrl: string, now: Date, by: Actor = office) {
  const [meeting, request] = await Promise.all([meetingOrThrow(meetingId), requestOrThrow(meetingId, requestId)]);
  const { request: reissued, secret } = requests.reissueLink(request, now);
  const records = requestEmails(reissued, meeting, secret, baseUrl, now);
  await requestStore.reissue({ next: reissued, readVersion: request.version, history: historyEntry(request, 'link-reissued', by, now), emails: records });
  return publicRequest(requests.track(reissued, now), undefined, records);
}

export async function withdrawRequest(meetingId: string, requestId: string, now: Date, by: Actor = office) {
  const request = await requestOrThrow(meetingId, requestId);
  const next = requests.withdrawRequest(request, now);
  if (next === request) return publicRequest(requests.track(request, now));
  const topic = await topicStore.get(request.topicId);
  const detached = topic && topics.detachRequest(topic, request, now);
  await requestStore.saveWithHistory({
    next,
    readVersion: request.version,
    history: historyEntry(request, 'withdrawn', by, now),
    // The topic goes back on the forward plan.
    ...(topic && detached !== topic ? { topic: { next: detached!, readVersion: topic.version } } : {}),
  });
  return publicRequest(requests.track(next, now));
}

export async function tracking(meetingId: string, now: Date) {
  const found = await meetingStore.withRequests(meetingId);
  if (!found) throw notFound.meeting(meetingId);
  return {
    meeting: withDeadlines(found.meeting),
    today: londonDate(now.toISOString()),
    requests: found.requests
      .sort((a, b) => byCodePoint(a.dueDate, b.dueDate) || a.title.localeCompare(b.title))
      .map((r) => publicRequest(requests.track(r, now), found.papers, found.emails)),
  };
}

// ---- actions ----

/** An action raised at a meeting; under one of its agenda items (issue 13: shown in the minutes) when `agendaItemId` names one. */
export async function createAction(meetingId: string, input: { text: string; owner: string; targetDate?: string; agendaItemId?: string }, by: string, now: Date) {
  let meeting: Meeting;
  if (input.agendaItemId) {
    const found = await meetingStore.agenda(meetingId);
    if (!found) throw notFound.meeting(meetingId);
    if (!found.agendaItems.some((a) => a.id === input.agendaItemId)) throw invalid('agendaItemId', `Agenda item ${input.agendaItemId} is not on this meeting's agenda`);
    meeting = found.meeting;
  } else {
    meeting = await meetingOrThrow(meetingId);
  }
  const action = actions.newAction(meeting, input, by, now);
  await actionStore.create(action);
  return action;
}

export async function updateAction(meetingId: string, actionId: string, update: { version: number; status: Action['status']; note?: string; targetDate?: string | null }, by: string, now: Date) {
  const action = await actionStore.get(meetingId, actionId);
  if (!action) throw notFound.action(actionId);
  meetings.assertVersion(action, update.version, 'action');
  const next = actions.updateAction(action, update, by, now);
  await actionStore.save({ next, readVersion: action.version });
  return next;
}

export async function mattersArising(meetingId: string) {
  const meeting = await meetingOrThrow(meetingId);
  return { meeting: withDeadlines(meeting), actions: sortByCreation(await actionStore.listOpen(meeting.start)) };
}

const sortByCreation = <T extends { createdAt: string }>(list: T[]) => [...list].sort((a, b) => byCodePoint(a.createdAt, b.createdAt));

export type { AgendaItem };

export { staffActor } from '../domain/papers.js';
