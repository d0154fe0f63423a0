/**
 * The outbox (issue 14 §1): every email the product sends is an item of its own beside what it is
 * about (a report request, a public question, a meeting's reminders), written as `pending` with the
 * whole message in the same transaction as the change that causes it. A sender (shared/app/emails.ts:
 * the table stream in AWS, a poller locally, and a sweep every minute) claims it, sends it and marks it
 * sent (dropping the message, which may hold a link's secret), retrying (with the next attempt's time),
 * failed (with the reason) or suppressed (the address bounced or complained). Marking touches this item
 * alone, so it never bumps the version of the request or question and never clashes with staff editing it.
 */
// A namespace import lets esbuild leave out what we do not use (zod's locales: ~370 KB a bundle).
import * as z from 'zod';

export const emailPurposes = [
  'request-author',
  'request-sponsor',
  'question-review',
  'question-answer',
  // Issue 12 §3: a meeting moved, told to each request's author and sponsor and each accepted question's submitter.
  'meeting-moved-author',
  'meeting-moved-sponsor',
  'meeting-moved-question',
  // Issue 12 §3: a meeting was cancelled, told to its requests' authors and sponsors and its open questions' submitters.
  'cancel-author',
  'cancel-sponsor',
  'cancel-question',
  // Issue 14 §1: every other email goes through the outbox too.
  'question-received',
  'paper-receipt',
  'paper-submitted-sponsor',
  'paper-submitted-office',
  'paper-returned',
  'paper-published',
  // A reminder (scheduled, or sent now by staff): its subject is the reminder log item's key.
  'reminder',
] as const;
export type EmailPurpose = (typeof emailPurposes)[number];

/** Purposes whose subject is a report request: their records sit in the meeting's partition and the request's gsi1 partition. */
export const requestEmailPurposes: ReadonlySet<EmailPurpose> = new Set([
  'request-author',
  'request-sponsor',
  'meeting-moved-author',
  'meeting-moved-sponsor',
  'cancel-author',
  'cancel-sponsor',
  'paper-receipt',
  'paper-submitted-sponsor',
  'paper-submitted-office',
  'paper-returned',
  'paper-published',
]);

export const Recipient = z.object({ name: z.string(), email: z.string() });

/** What the sender sends: the template (shared/views/email/<template>.*.njk), its data and the recipients. */
export const OutboxMessage = z.object({
  to: z.array(Recipient).min(1),
  cc: z.array(Recipient).optional(),
  template: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type OutboxMessage = z.infer<typeof OutboxMessage>;

export const emailStatuses = ['pending', 'sending', 'sent', 'retrying', 'failed', 'suppressed'] as const;
export type EmailStatus = (typeof emailStatuses)[number];

export const EmailRecord = z.object({
  /** The request or question the email is about. */
  subjectId: z.string(),
  meetingId: z.string(),
  purpose: z.enum(emailPurposes),
  /**
   * Which sending this is: a request's emails go again with each new link (the link's issue time);
   * a review outcome with each review (its time); an answer once per question ("once").
   */
  round: z.string(),
  /** The first recipient's address (the message may copy others in). */
  to: z.string(),
  status: z.enum(emailStatuses),
  /** Until sent: what to send. Dropped once sent; kept on a failed email so staff can send it again. */
  message: OutboxMessage.optional(),
  /** Claims taken so far (each is one try). */
  attempts: z.number().int().min(0).default(0),
  /** While retrying: when the next try may start (the sender's clock). */
  nextAttemptAt: z.string().optional(),
  /** While sending: a claim that lapses, so a sender that died does not block the email for ever. */
  leaseUntil: z.string().optional(),
  sentAt: z.string().optional(),
  messageId: z.string().optional(),
  error: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type EmailRecord = z.infer<typeof EmailRecord>;
