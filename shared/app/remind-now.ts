/**
 * "Send a reminder now" (the staff home): one reminder to a paper's author, the sponsor copied in,
 * through the reminder machinery: its log item (once per click, so a double click or a retried post
 * queues one email), its outbox email and the author's new link in one transaction; the outbox sends it.
 */
import { ConflictError, notFound } from '../domain/errors.js';
import { reminderKey, type DueReminder } from '../domain/reminders.js';
import { track } from '../domain/requests.js';
import { meetingStore } from '../store/store.js';
import { reminderStore } from '../store/reminders.js';
import { withDeadlines } from './planning.js';
import { queued } from './emails.js';
import { reminderLink, reminderLog } from './reminders.js';

export type RemindNowResult = { outcome: 'queued'; title: string; to: string; cc: string } | { outcome: 'already-sent'; title: string };

/** At most 3 DynamoDB calls: the meeting's requests, the request as stored (for the new link), one transaction. */
export async function remindNow(meetingId: string, requestId: string, click: string, baseUrl: string, now: Date): Promise<RemindNowResult> {
  const found = await meetingStore.withRequests(meetingId);
  if (!found) throw notFound.meeting(meetingId);
  const request = found.requests.find((r) => r.id === requestId);
  if (!request) throw notFound.request(requestId);
  const meeting = withDeadlines(found.meeting);
  if (meeting.status === 'cancelled' || meeting.status === 'held') throw new ConflictError(`This meeting is ${meeting.status}: no reminder was sent.`);
  if (request.status !== 'requested' && request.status !== 'returned') {
    throw new ConflictError(`The paper “${request.title}” is ${request.status === 'withdrawn' ? 'withdrawn' : 'in'}: no reminder was sent.`);
  }

  const r: DueReminder = { kind: 'paper-now', meetingId, subjectId: requestId, to: request.author, cc: [request.sponsor], dueAt: now.toISOString(), staleAt: meeting.start };
  const log = reminderLog(r, `${reminderKey(r)}#${click}`, now);
  const link = await reminderLink(meetingId, requestId, now, baseUrl);
  const overdue = track(request, now).timeliness === 'overdue';
  const message = { to: [request.author], cc: [request.sponsor], template: 'reminder-paper-now', data: { meeting, request, link: link.url, overdue } };
  const email = queued({ subjectId: log.key, meetingId, purpose: 'reminder', round: 'once', message, now });
  // The click's key makes a double click or a retried post one reminder: the second finds it queued.
  if (!(await reminderStore.queue(log, email, link.change))) return { outcome: 'already-sent', title: request.title };
  return { outcome: 'queued', title: request.title, to: request.author.name, cc: request.sponsor.name };
}
