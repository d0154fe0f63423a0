/**
 * The staff home's data: the last meeting and the next ones (at most HOME_MAX_UPCOMING, within
 * HOME_MONTHS_AHEAD months), each with its report requests and the count of its questions to
 * review (two Queries per meeting, the count on the queue index's keys; all meetings in parallel),
 * and the open actions (one Query on the sparse gsi2). Queries only, never a Scan: at most
 * 3 + 2 × (1 + HOME_MAX_UPCOMING) DynamoDB calls a request.
 */
import { addMonths } from '../domain/time.js';
import { HOME_MAX_UPCOMING, HOME_MONTHS_AHEAD, overview, type OverviewAction, type OverviewSort } from '../domain/overview.js';
import { withDeadlines } from './planning.js';
import { notFound } from '../domain/errors.js';
import { orderedAgenda } from '../domain/meetings.js';
import { actionStore, meetingStore } from '../store/store.js';
import { questionStore } from '../store/questions.js';
import { overviewStore } from '../store/overview.js';
import type { Meeting } from '../schemas/entities.js';

async function meetingState(meeting: Meeting) {
  // The questions to review are counted on the queue index (keys only), never read whole.
  const [found, counts] = await Promise.all([meetingStore.withRequests(meeting.id), questionStore.queueCounts(meeting.id)]);
  return { meeting: withDeadlines(found?.meeting ?? meeting), requests: found?.requests ?? [], questionsToReview: counts.submitted };
}

export async function staffOverview(now: Date, opts: { sort?: OverviewSort; overdueOnly?: boolean } = {}) {
  const nowIso = now.toISOString();
  const [around, open] = await Promise.all([
    overviewStore.meetingsAround(nowIso, addMonths(nowIso, HOME_MONTHS_AHEAD).toISOString(), HOME_MAX_UPCOMING),
    actionStore.listOpen(nowIso),
  ]);
  const meetings = [...(around.last ? [around.last] : []), ...around.upcoming];
  const states = await Promise.all(meetings.map(meetingState));
  // An action's target date (issue 12 §3), once the Action schema has one, is read as it is stored.
  const openActions: OverviewAction[] = open;
  return overview({ meetings: states, openActions, now, ...opts });
}

/** A meeting's questions waiting for review (the meeting page's summary line): one Query of the queue index's keys. */
export const questionsToReview = async (meetingId: string) => (await questionStore.queueCounts(meetingId)).submitted;

/** A meeting and its agenda in order (the agenda order page): one Query. */
export async function agendaOrder(meetingId: string) {
  const found = await meetingStore.agenda(meetingId);
  if (!found) throw notFound.meeting(meetingId);
  return { meeting: withDeadlines(found.meeting), agenda: orderedAgenda(found.meeting, found.agendaItems) };
}
