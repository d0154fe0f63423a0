/**
 * Schemas for paper submission and the office's decisions (issue 3): the stored shapes of a paper
 * version and a history entry, the staff API inputs, and the limits the author's forms apply.
 */
// A namespace import lets esbuild leave out what we do not use (zod's locales: ~370 KB a bundle).
import * as z from 'zod';
import { id, text, typeable, untypeableMessage } from './common.js';

/** The author's link: the request id and its secret. The secret is checked against its stored hash. */
export const AuthorLinkParams = z.object({
  requestId: id('the request id'),
  key: z.string().min(1).max(200),
});
export const PaperVersionParams = z.object({ meetingId: id('the meeting id'), requestId: id('the request id'), versionId: id('the paper version id') });
export const PublicPaperParams = z.object({ meetingId: id('the meeting id'), requestId: id('the request id') });

// ---- limits ----

/** The largest paper accepted: 20 MB. */
export const MAX_PAPER_BYTES = 20 * 1024 * 1024;
/** The author's summary: a short paragraph. */
export const SUMMARY_MAX_CHARACTERS = 1500;
/** How long the presigned upload form stays usable. */
export const UPLOAD_EXPIRES_SECONDS = 15 * 60;
/** How long a download link works. */
export const DOWNLOAD_EXPIRES_SECONDS = 5 * 60;

export const paperKinds = ['pdf', 'docx'] as const;
export type PaperKind = (typeof paperKinds)[number];

// ---- stored shapes ----

/** Who did something: a staff member (from their token), the author (through their link), or the system. */
export const Actor = z.object({
  kind: z.enum(['staff', 'author', 'system']),
  name: z.string(),
  email: z.string().optional(),
});

/**
 * One submitted version of a paper. Immutable once written; keyed by the upload id, so a retried or
 * double-clicked submit writes it once. Whether it was late is derived from the request's due date.
 */
export const PaperVersion = z.object({
  /** The upload id (a ULID minted when the author page offered the upload form). */
  id: z.string(),
  requestId: z.string(),
  meetingId: z.string(),
  /** The request's title when it was submitted (names the downloaded file). */
  title: z.string(),
  /** 1 for the first version, 2 for the next. */
  number: z.number().int(),
  kind: z.enum(paperKinds),
  size: z.number().int(),
  /** The object in the papers bucket, and (in AWS, where the bucket is versioned) the exact object version checked. */
  s3Key: z.string(),
  s3VersionId: z.string().optional(),
  /** The requested points the author confirmed the paper covers, and how many were requested. */
  pointsCovered: z.array(z.string()),
  pointsTotal: z.number().int(),
  summary: z.string(),
  submittedAt: z.string(),
  submittedBy: Actor,
});

export const historyActions = ['requested', 'link-reissued', 'submitted', 'accepted', 'returned', 'published', 'withdrawn', 'due-date-changed'] as const;
export type HistoryAction = (typeof historyActions)[number];

/** One state change of a request: append-only, written in the same transaction as the change. */
export const HistoryEntry = z.object({
  id: z.string(),
  requestId: z.string(),
  meetingId: z.string(),
  at: z.string(),
  by: Actor,
  action: z.enum(historyActions),
  /** The paper version the change concerns (submitted, accepted, returned, published). */
  paperId: z.string().optional(),
  /** The office's comments when returning a paper; what changed when the meeting moved. */
  note: z.string().optional(),
});

export type Actor = z.infer<typeof Actor>;
export type PaperVersion = z.infer<typeof PaperVersion>;
export type HistoryEntry = z.infer<typeof HistoryEntry>;

// ---- staff API inputs ----

export const ReturnPaperInput = z.object({
  comments: text('the comments for the author', 5000),
});

export const PublishAgendaInput = z.object({
  confirm: z
    .boolean({ error: 'confirm must be true or false' })
    .default(false)
    .describe('Publish even though some papers are not accepted yet (they show as "to follow")'),
});

// ---- the author's confirmation form ----

export const SubmitPaperForm = z.object({
  upload: id('the upload id'),
  /** The requested points (by their position) the paper covers. */
  points: z.array(z.coerce.number().int().min(0)).default([]),
  summary: z
    .string({ error: 'Enter a short summary of the paper' })
    .trim()
    .min(1, { error: 'Enter a short summary of the paper' })
    .max(SUMMARY_MAX_CHARACTERS, { error: `The summary must be ${SUMMARY_MAX_CHARACTERS} characters or fewer` })
    .refine(typeable, { error: untypeableMessage('the summary') }),
});
