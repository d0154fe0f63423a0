/**
 * The actions list (issue 12 §3): every action once, filtered by status (outstanding = open or
 * ongoing) and by the meeting that raised it. One Query: the meeting's partition when a meeting is
 * chosen, the sparse open-actions index for outstanding ones, else every action (gsi1).
 */
import type { Action } from '../schemas/entities.js';
import { actionStatusFilters } from '../schemas/entities.js';
import { actionStore } from '../store/store.js';
import { byCodePoint } from '../domain/order.js';

export type ActionStatusFilter = (typeof actionStatusFilters)[number];

export const matchesStatus = (a: Pick<Action, 'status'>, status: ActionStatusFilter) =>
  status === 'all' || (status === 'outstanding' ? a.status !== 'completed' : a.status === status);

export async function listActions(filter: { status: ActionStatusFilter; meetingId?: string }): Promise<Action[]> {
  const found = filter.meetingId
    ? await actionStore.ofMeeting(filter.meetingId)
    : filter.status === 'completed' || filter.status === 'all'
      ? await actionStore.listAll()
      : await actionStore.listOpen();
  return found
    .filter((a) => matchesStatus(a, filter.status))
    .sort((a, b) => byCodePoint(a.meetingStart, b.meetingStart) || byCodePoint(a.createdAt, b.createdAt));
}
