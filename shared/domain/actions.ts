/** Actions raised at a meeting, their dated updates, and matters arising at the next meeting. */
import { ulid } from 'ulid';
import type { Action, Meeting } from '../schemas/entities.js';

export function newAction(meeting: Meeting, input: { text: string; owner: string }, by: string, now: Date): Action {
  const at = now.toISOString();
  return {
    id: ulid(),
    meetingId: meeting.id,
    meetingStart: meeting.start,
    text: input.text,
    owner: input.owner,
    status: 'open',
    updates: [{ at, by, status: 'open', note: 'Action recorded' }],
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
}

export function updateAction(action: Action, update: { status: Action['status']; note?: string }, by: string, now: Date): Action {
  const at = now.toISOString();
  return {
    ...action,
    status: update.status,
    updates: [...action.updates, { at, by, status: update.status, ...(update.note ? { note: update.note } : {}) }],
    version: action.version + 1,
    updatedAt: at,
  };
}

/** Matters arising: actions not completed, raised at meetings before this one. */
export function isMatterArising(action: Action, meeting: Pick<Meeting, 'start'>) {
  return action.status !== 'completed' && action.meetingStart < meeting.start;
}
