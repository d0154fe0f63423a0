/** Topics: the future agenda items (the forward plan). */
import { ulid } from 'ulid';
import type { Topic } from '../schemas/entities.js';
import { ConflictError } from './errors.js';

export function newTopic(input: { title: string; points: string[]; source: Topic['source'] }, now: Date): Topic {
  const at = now.toISOString();
  return { id: ulid(), title: input.title, points: input.points, source: input.source, status: 'open', version: 1, createdAt: at, updatedAt: at };
}

export function changeTopic(topic: Topic, change: { title?: string; points?: string[]; status?: 'open' | 'closed'; reason?: string }, now: Date): Topic {
  if (change.status === 'open' && topic.status === 'scheduled') {
    throw new ConflictError('This topic is scheduled on a meeting; withdraw its report request to reopen it.');
  }
  if (change.status === 'closed' && topic.status !== 'closed' && topic.requestId) {
    throw new ConflictError(`A paper on "${topic.title}" has been requested and is not withdrawn. Withdraw the request on the meeting page first, then close the topic.`);
  }
  const next: Topic = { ...topic, version: topic.version + 1, updatedAt: now.toISOString() };
  if (change.title) next.title = change.title;
  if (change.points) next.points = change.points;
  if (change.status) {
    next.status = change.status;
    if (change.status === 'open') {
      delete next.meetingId;
      delete next.closedReason;
    }
    if (change.status === 'closed' && change.reason) next.closedReason = change.reason;
  }
  return next;
}

/** Put a topic on a meeting: allowed while open, or again on the meeting it is already on. */
export function scheduleTopic(topic: Topic, meetingId: string, now: Date): Topic {
  if (topic.status === 'scheduled' && topic.meetingId === meetingId) return topic;
  if (topic.status !== 'open') {
    throw new ConflictError(`The topic "${topic.title}" is ${topic.status}${topic.meetingId ? ' on another meeting' : ''}; only an open topic can be scheduled.`);
  }
  return { ...topic, status: 'scheduled', meetingId, version: topic.version + 1, updatedAt: now.toISOString() };
}

/**
 * A report request made on a topic (scheduling it first if need be): the topic names it, as one
 * change, so two requests for one topic sent at once cannot both be saved (the second's write of
 * the topic meets a newer version).
 */
export function attachRequest(topic: Topic, meetingId: string, requestId: string, now: Date): Topic {
  const scheduled = scheduleTopic(topic, meetingId, now);
  return { ...scheduled, requestId, version: topic.version + 1, updatedAt: now.toISOString() };
}

/** Its request withdrawn: the topic no longer names it, and goes back on the forward plan if it was scheduled for that meeting. */
export function detachRequest(topic: Topic, request: { id: string; meetingId: string }, now: Date): Topic {
  const onThatMeeting = topic.status === 'scheduled' && topic.meetingId === request.meetingId;
  if (!onThatMeeting && topic.requestId !== request.id) return topic;
  const { requestId: _request, ...rest } = topic;
  const changed = { version: topic.version + 1, updatedAt: now.toISOString() };
  if (!onThatMeeting) return { ...rest, ...changed };
  const { meetingId: _meeting, ...open } = rest;
  return { ...open, status: 'open', ...changed };
}
