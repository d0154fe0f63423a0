/** Report requests: a topic on a meeting asked of a sponsor and an author, and how it is tracking. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ulid } from 'ulid';
import type { AgendaItem, Meeting, ReportRequest, Topic } from '../schemas/entities.js';
import type { Deadlines } from './deadlines.js';
import { ConflictError, invalid } from './errors.js';
import { daysBetween, endOfLondonDay, formatLondonDate, londonDate } from './time.js';

/** 256 random bits, URL-safe. Only its hash is stored. */
export function newLinkSecret(): { secret: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, hash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, hash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function submissionLink(baseUrl: string, requestId: string, secret: string) {
  return `${baseUrl}/papers/${requestId}/${secret}`;
}

export interface RequestInput {
  sponsor: ReportRequest['sponsor'];
  author: ReportRequest['author'];
  points?: string[];
  dueDate?: string;
}

export function newRequest(args: {
  meeting: Meeting;
  topic: Topic;
  agendaItemId: string;
  existing: ReportRequest[];
  input: RequestInput;
  deadlines: Deadlines;
  now: Date;
}): { request: ReportRequest; secret: string } {
  const { meeting, topic, input, now } = args;
  const active = args.existing.find((r) => r.topicId === topic.id && r.status !== 'withdrawn');
  if (active) throw new ConflictError(`A paper on "${topic.title}" has already been requested for this meeting.`);
  const dueDate = input.dueDate ?? args.deadlines.papersDue;
  const meetingDay = londonDate(meeting.start);
  if (dueDate >= meetingDay) {
    throw invalid('dueDate', `The due date must be before the meeting on ${formatLondonDate(meeting.start)}`);
  }
  if (dueDate < londonDate(now.toISOString())) throw invalid('dueDate', 'The due date must be today or later');
  const points = input.points ?? topic.points;
  const { secret, hash } = newLinkSecret();
  const at = now.toISOString();
  return {
    secret,
    request: {
      id: ulid(),
      meetingId: meeting.id,
      topicId: topic.id,
      agendaItemId: args.agendaItemId,
      title: topic.title,
      points,
      sponsor: input.sponsor,
      author: input.author,
      dueDate,
      status: 'requested',
      linkHash: hash,
      linkIssuedAt: at,
      version: 1,
      createdAt: at,
      updatedAt: at,
    },
  };
}

export function topicAgendaItem(meetingId: string, topic: Topic): AgendaItem {
  return { id: ulid(), meetingId, kind: 'topic', title: topic.title, topicId: topic.id };
}

/** A new link: the old hash is replaced, so the old link stops working. */
export function reissueLink(request: ReportRequest, now: Date): { request: ReportRequest; secret: string } {
  if (request.status === 'withdrawn') throw new ConflictError('This request was withdrawn; make a new request instead.');
  const { secret, hash } = newLinkSecret();
  const at = now.toISOString();
  const { reminderLinkHashes: _revoked, ...rest } = request;
  return { secret, request: { ...rest, linkHash: hash, linkIssuedAt: at, version: request.version + 1, updatedAt: at } };
}

/** Every hash a working link of this request may match: the issued link and those sent in reminders. */
export const linkHashesOf = (request: Pick<ReportRequest, 'linkHash' | 'reminderLinkHashes'>) => [request.linkHash, ...(request.reminderLinkHashes ?? [])];

/** The most reminder links kept per request (a request gets a handful of reminders). */
const MAX_REMINDER_LINKS = 10;

/**
 * A link for a reminder email: a new secret whose hash is kept beside the first link's, so the link
 * in the request email keeps working too. Sending a new link (reissueLink) revokes them all.
 */
export function addReminderLink(request: ReportRequest, now: Date): { request: ReportRequest; secret: string } {
  const { secret, hash } = newLinkSecret();
  const hashes = [...(request.reminderLinkHashes ?? []), hash].slice(-MAX_REMINDER_LINKS);
  return { secret, request: { ...request, reminderLinkHashes: hashes, version: request.version + 1, updatedAt: now.toISOString() } };
}

export function withdrawRequest(request: ReportRequest, now: Date): ReportRequest {
  if (request.status === 'withdrawn') return request;
  if (request.status === 'published') throw new ConflictError('A published paper cannot be withdrawn.');
  return { ...request, status: 'withdrawn', version: request.version + 1, updatedAt: now.toISOString() };
}

export type Timeliness = 'on time' | 'late' | 'overdue' | 'due' | 'withdrawn';

export interface TrackingRow {
  request: ReportRequest;
  timeliness: Timeliness;
  /** Calendar days from today (London) to the due date; negative once past. Null when no longer awaited. */
  daysLeft: number | null;
}

/** "late" and "overdue" are derived from dates, never stored. */
export function track(request: ReportRequest, now: Date): TrackingRow {
  if (request.status === 'withdrawn') return { request, timeliness: 'withdrawn', daysLeft: null };
  const dueEnd = endOfLondonDay(request.dueDate);
  if (request.submittedAt && request.status !== 'returned') {
    return { request, timeliness: request.submittedAt > dueEnd ? 'late' : 'on time', daysLeft: null };
  }
  const daysLeft = daysBetween(londonDate(now.toISOString()), request.dueDate);
  return { request, timeliness: now.toISOString() > dueEnd ? 'overdue' : 'due', daysLeft };
}
