/**
 * Agenda items without a paper (issue 12 §3): a verbal update or a presentation added to a
 * meeting's agenda, on a topic (the topic is then scheduled, with no paper request) or with a title
 * of its own. One conditional write: the item, the meeting's order, and the topic.
 */
import { NotFoundError, notFound } from '../domain/errors.js';
import * as meetings from '../domain/meetings.js';
import { scheduleTopic } from '../domain/topics.js';
import { assertNotOnAgenda, verbalItem, type VerbalFormat } from '../domain/agenda-items.js';
import { meetingStore, topicStore, type SchedulePlan } from '../store/store.js';
import { withDeadlines } from './planning.js';

export async function addAgendaItem(
  meetingId: string,
  input: { version: number; format: VerbalFormat; topicId?: string; title?: string; presenter?: string },
  now: Date,
) {
  const [found, topic] = await Promise.all([meetingStore.agenda(meetingId), input.topicId ? topicStore.get(input.topicId) : undefined]);
  if (!found) throw notFound.meeting(meetingId);
  if (input.topicId && !topic) throw new NotFoundError(`There is no topic with id ${input.topicId}`, 'topic');
  meetings.assertVersion(found.meeting, input.version, 'agenda');
  meetings.assertOpenForPlanning(found.meeting);
  if (topic) assertNotOnAgenda(found.agendaItems, topic);
  const item = verbalItem(meetingId, { ...input, topic });
  const meeting = meetings.insertTopicItem(found.meeting, found.agendaItems, item, now);
  const plan: SchedulePlan = {
    meeting: { next: meeting, readVersion: found.meeting.version, changed: true },
    agendaItem: item,
    ...(topic ? { topic: { next: scheduleTopic(topic, meetingId, now), readVersion: topic.version } } : {}),
  };
  await meetingStore.scheduleTopic(plan);
  return { item, meeting: withDeadlines(meeting), agenda: meetings.orderedAgenda(meeting, [...found.agendaItems, item]) };
}

/** A meeting and its agenda items (for the form), or undefined. */
export const agendaOf = (meetingId: string) => meetingStore.agenda(meetingId);
