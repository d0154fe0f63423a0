/**
 * The record of one email the product sends about something (a report request, a public question),
 * stored as an item of its own beside that thing: written before the email goes, then marked sent
 * or failed. Recording the outcome is a write to this item alone, so it never bumps the version of
 * the request or question (a version means one change) and never clashes with staff editing it.
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
]);

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
  to: z.string(),
  status: z.enum(['sending', 'sent', 'failed']),
  /** While sending: a claim that lapses, so a sender that died does not block the email for ever. */
  leaseUntil: z.string().optional(),
  sentAt: z.string().optional(),
  messageId: z.string().optional(),
  error: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type EmailRecord = z.infer<typeof EmailRecord>;
