/**
 * "Send a reminder now" (the staff home): one reminder to a paper's author, the sponsor copied in,
 * through the reminder machinery: recorded in the meeting's reminder log before it goes (claimed
 * once per click, so a double click or a retried post sends one email), the author's link minted
 * for it as the sweep's reminders do, and the outcome marked on the log.
 */
import { ConflictError, notFound } from '../domain/errors.js';
import { addReminderLink, submissionLink, track } from '../domain/requests.js';
import type { DueReminder } from '../domain/reminders.js';
import { sendEmail } from '../mail/mailer.js';
import { logger } from '../observability.js';
import { meetingStore, requestStore } from '../store/store.js';
import { reminderStore } from '../store/reminders.js';
import { claimReminderClick } from '../store/overview.js';
import { withDeadlines } from './planning.js';

const LEASE_MS = 5 * 60_000;

export type RemindNowResult =
  | { outcome: 'sent'; title: string; to: string; cc: string }
  | { outcome: 'already-sent'; title: string }
  | { outcome: 'failed'; title: string; error: string };

/** At most 4 DynamoDB calls: the meeting's requests, the claim, the new link, the outcome. */
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
  const claimed = await claimReminderClick(r, click, now, LEASE_MS);
  if (!claimed) return { outcome: 'already-sent', title: request.title };

  const errorText = (error: unknown) => `${(error as Error).name}: ${(error as Error).message}`.slice(0, 300);
  let link: string;
  try {
    const { request: next, secret } = addReminderLink(request, now);
    await requestStore.save({ next, readVersion: request.version });
    link = submissionLink(baseUrl, request.id, secret);
  } catch (error) {
    await reminderStore.settle(claimed, { failed: errorText(error) }, now);
    throw error;
  }
  const overdue = track(request, now).timeliness === 'overdue';
  try {
    const sent = await sendEmail({ to: [request.author], cc: [request.sponsor], template: 'reminder-paper-now', data: { meeting, request, link, overdue } });
    await reminderStore.settle(claimed, { sent }, now);
    return { outcome: 'sent', title: request.title, to: request.author.name, cc: request.sponsor.name };
  } catch (error) {
    logger.warn('Reminder sent by staff failed', { meetingId, subjectId: requestId, error: (error as Error).name });
    await reminderStore.settle(claimed, { failed: errorText(error) }, now);
    return { outcome: 'failed', title: request.title, error: (error as Error).name };
  }
}
