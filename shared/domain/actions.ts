/** Actions raised at a meeting, their dated updates, and matters arising at the next meeting. */
import { ulid } from 'ulid';
import type { Action, Meeting } from '../schemas/entities.js';
import { londonDate } from './time.js';

export function newAction(meeting: Meeting, input: { text: string; owner: string; targetDate?: string; agendaItemId?: string }, by: string, now: Date): Action {
  const at = now.toISOString();
  return {
    id: ulid(),
    meetingId: meeting.id,
    meetingStart: meeting.start,
    text: input.text,
    owner: input.owner,
    ...(input.agendaItemId ? { agendaItemId: input.agendaItemId } : {}),
    ...(input.targetDate ? { targetDate: input.targetDate } : {}),
    status: 'open',
    updates: [{ at, by, status: 'open', note: 'Action recorded' }],
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
}

export function updateAction(action: Action, update: { status: Action['status']; note?: string; targetDate?: string | null }, by: string, now: Date): Action {
  const at = now.toISOString();
  const { targetDate: _old, ...rest } = action;
  const targetDate = update.targetDate === undefined ? action.targetDate : (update.targetDate ?? undefined);
  return {
    ...rest,
    ...(targetDate ? { targetDate } : {}),
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

/** Overdue: not completed, and its target date (a London date) has passed. */
export function isOverdue(action: Pick<Action, 'status' | 'targetDate'>, now: Date) {
  return action.status !== 'completed' && action.targetDate !== undefined && action.targetDate < londonDate(now.toISOString());
}
