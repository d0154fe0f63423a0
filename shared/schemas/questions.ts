/** Schemas for public questions (issue 4): the stored shapes, the staff API inputs and the form. */
// A namespace import lets esbuild leave out what we do not use (zod's locales: ~370 KB a bundle).
import * as z from 'zod';
import { email, id, text, typeable, untypeableMessage, version } from './common.js';

export const QuestionParams = z.object({ meetingId: id('the meeting id'), questionId: id('the question id') });
/** The submitter's deletion link: the question id and its secret (stored only as a hash). */
export const ForgetLinkParams = z.object({ questionId: id('the question id'), key: z.string().min(1).max(200) });

// ---- vocabulary ----

/** The districts of West Yorkshire, and the answer for everyone else. */
export const districts = ['Bradford', 'Calderdale', 'Kirklees', 'Leeds', 'Wakefield', 'outside'] as const;
export type District = (typeof districts)[number];
export const districtLabel = (d: District | string) => (d === 'outside' ? 'Outside West Yorkshire' : d);

/** `closed`: its meeting was cancelled and it was not moved to another (issue 12 §3). */
export const questionStatuses = ['submitted', 'accepted', 'redirected', 'rejected', 'closed'] as const;
export type QuestionStatus = (typeof questionStatuses)[number];

/**
 * Where a question sits in the staff queue (and in gsi3, shared/store/keys.ts `questionQueue`): its
 * status, except that an accepted question grouped under another (a member) is `grouped`, so the
 * accepted leads are a range of their own (the "group with" list, the answers to give).
 */
export const queueStates = ['submitted', 'accepted', 'grouped', 'redirected', 'rejected', 'closed'] as const;
export type QueueState = (typeof queueStates)[number];
export const queueStateOf = (q: { status: QuestionStatus; id: string; groupId?: string }): QueueState =>
  q.status === 'accepted' && q.groupId !== undefined && q.groupId !== q.id ? 'grouped' : q.status;

/** The standard reasons for rejecting a question (the office's moderation policy). */
export const rejectReasons = ['not-a-question', 'named-individual', 'offensive', 'repeat', 'not-in-remit', 'other'] as const;
export type RejectReason = (typeof rejectReasons)[number];

export const answerModes = ['meeting', 'writing'] as const;
export type AnswerMode = (typeof answerModes)[number];

// ---- stored shapes ----

export const Review = z.object({
  outcome: z.enum(['accept', 'group', 'redirect', 'reject']),
  reason: z.enum(rejectReasons).optional(),
  /** The redirect note, or the text of an "other" rejection. */
  note: z.string().optional(),
  at: z.string(),
  by: z.string(),
  /** The round of the latest outcome email (its record's key), so the queue reads that record by key. */
  emailRound: z.string().optional(),
});

export const Answer = z.object({
  mode: z.enum(answerModes),
  text: z.string(),
  /** Seconds into the livestream where the answer was given (meeting answers only). */
  livestreamAt: z.number().int().optional(),
  at: z.string(),
  by: z.string(),
});

export const Question = z.object({
  id: z.string(),
  meetingId: z.string(),
  /** Readable and unique: prefix, the meeting's London date and a number, e.g. COM-20211207-007. */
  reference: z.string(),
  number: z.number().int(),
  text: z.string().describe('As typed (only leading and trailing white space removed)'),
  district: z.enum(districts),
  publishName: z.boolean().describe('The submitter consented to their name being published with the question'),
  status: z.enum(questionStatuses),
  review: Review.optional(),
  /** Accepted questions: the agenda item they are taken under. */
  agendaItemId: z.string().optional(),
  /** Grouped questions share the id of the lead question, which holds the one answer. */
  groupId: z.string().optional(),
  /** A lead question: the questions grouped with it (kept with each change, so a review reads only the questions it touches). */
  memberIds: z.array(z.string()).optional(),
  answer: Answer.optional(),
  /** SHA-256 of the deletion link's secret; the secret itself is only in the acknowledgement email. */
  forgetHash: z.string(),
  /** Moved here from a cancelled meeting (same id and reference; reviewed again). */
  movedFrom: z.object({ meetingId: z.string(), at: z.string() }).optional(),
  /** Closed because its meeting was cancelled. */
  closedAt: z.string().optional(),
  submittedAt: z.string(),
  version: z.number().int(),
  updatedAt: z.string(),
});

/** The submitter's personal data: a separate item, so removing it is one delete. */
export const Contact = z.object({
  questionId: z.string(),
  meetingId: z.string(),
  name: z.string(),
  email: z.string(),
  /** When the sweep removes it (ISO instant); `expiresAt` (epoch seconds) is DynamoDB's TTL backstop. */
  expiresOn: z.string(),
  expiresAt: z.number().int(),
});

export type Review = z.infer<typeof Review>;
export type Answer = z.infer<typeof Answer>;
export type Question = z.infer<typeof Question>;
export type Contact = z.infer<typeof Contact>;

// ---- the queue's pages and the questions API's cursor ----

/** The most questions one page of the queue or the API shows, and the API's default. */
export const QUEUE_PAGE_SIZE = 50;
export const QUESTIONS_API_MAX = 100;

/**
 * A page's place in one queue state: the question it starts after (`d: 'n'`, the next page) or ends
 * before (`d: 'p'`, the previous one), as DynamoDB's LastEvaluatedKey names it on gsi3 (the state,
 * the number and the id: the store rebuilds the key from them), and how many questions come before
 * the page (`o`, for "Showing 51 to 100 of N"). Opaque to the client: base64url JSON.
 */
export const QueueCursor = z.object({
  s: z.enum(queueStates),
  n: z.number().int().min(0).max(999_999),
  i: id('the question id'),
  d: z.enum(['n', 'p']),
  o: z.number().int().min(0).max(1_000_000),
}).strict();
export type QueueCursor = z.infer<typeof QueueCursor>;

export const encodeCursor = (c: QueueCursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

const BAD_CURSOR = 'The page link (cursor) is not valid: go back to the first page';
/** A cursor as it comes in a query string: decoded and checked, or a 400 naming it. */
const cursorParam = z
  .string()
  .max(400, { error: BAD_CURSOR })
  .transform((raw, ctx) => {
    try {
      if (!/^[A-Za-z0-9_-]+$/.test(raw)) throw new Error();
      const parsed = QueueCursor.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
      if (parsed.success) return parsed.data;
    } catch {
      // falls through to the issue below
    }
    ctx.addIssue({ code: 'custom', message: BAD_CURSOR });
    return z.NEVER;
  });

/** The staff queue page: one state at a time (default: those to review), 50 a page. */
export const QueueQuery = z
  .object({
    status: z.enum(queueStates, { error: `Choose a status: ${queueStates.join(', ')}` }).optional(),
    cursor: cursorParam.optional(),
    done: z.string().max(40).optional(),
  })
  .refine((v) => !v.cursor || !v.status || v.cursor.s === v.status, { error: BAD_CURSOR, path: ['cursor'] });
export type QueueQuery = z.infer<typeof QueueQuery>;

/** `GET /api/meetings/{id}/questions`: a page of one state (or of every state, in state order), `limit` a page. */
export const ListQuestionsQuery = z
  .object({
    status: z.enum(queueStates, { error: `Give a status: ${queueStates.join(', ')}` }).optional().describe('One queue state; without it, every question (by state, then number)'),
    cursor: cursorParam.optional().describe('The `nextCursor` of the page before'),
    limit: z.coerce.number({ error: `Give a limit from 1 to ${QUESTIONS_API_MAX}` }).int().min(1).max(QUESTIONS_API_MAX, { error: `Give a limit from 1 to ${QUESTIONS_API_MAX}` }).default(QUEUE_PAGE_SIZE),
  })
  .refine((v) => !v.cursor || (v.cursor.d === 'n' && (!v.status || v.cursor.s === v.status)), { error: BAD_CURSOR, path: ['cursor'] });
export type ListQuestionsQuery = z.infer<typeof ListQuestionsQuery>;

/** How many questions (by number) one CSV file holds: about 650 KB at 150-word questions with answers. */
export const CSV_PART_SIZE = 500;
/** The CSV export: its part (questions numbered 1–500 are part 1, 501–1000 part 2, …). */
export const CsvQuery = z.object({
  part: z.coerce.number({ error: 'The part must be a whole number from 1' }).int().min(1, { error: 'The part must be a whole number from 1' }).max(2000).default(1),
});

// ---- staff API inputs ----

const note = (label: string, max = 2000) => text(label, max);

export const ReviewQuestionInput = z.discriminatedUnion(
  'outcome',
  [
    z.object({
      version,
      outcome: z.literal('accept'),
      agendaItemId: id('the agenda item id').optional().describe('Default: the public questions item'),
    }),
    z
      .object({
        version,
        outcome: z.literal('group'),
        leadId: id('the id of the question to group it with').optional(),
        leadReference: z
          .string()
          .trim()
          .toUpperCase()
          .regex(/^[A-Z0-9]{1,20}-\d{8}-\d{3,6}$/, { error: 'Enter a reference like COM-20211207-007' })
          .optional()
          .describe('Instead of leadId: the reference of the question to group it with, e.g. COM-20211207-007'),
      })
      .refine((v) => v.leadId || v.leadReference, { error: 'Choose the question to group it with, or enter its reference', path: ['leadId'] }),
    z.object({ version, outcome: z.literal('redirect'), note: note('a note saying where the question has gone') }),
    z
      .object({
        version,
        outcome: z.literal('reject'),
        reason: z.enum(rejectReasons, { error: `Choose a reason: ${rejectReasons.join(', ')}` }),
        note: note('the reason').optional(),
      })
      .refine((v) => v.reason !== 'other' || v.note, { error: 'Enter the reason', path: ['note'] }),
  ],
  { error: 'Choose an outcome: accept, group, redirect or reject' },
);
export type ReviewQuestionInput = z.infer<typeof ReviewQuestionInput>;

/** "1:02:30", "62:30" or "45" (seconds) into the livestream. */
export const livestreamTimestamp = z
  .string()
  .trim()
  .regex(/^(\d{1,2}:)?\d{1,3}(:[0-5]\d)?$/, { error: 'Enter the livestream time as hours, minutes and seconds, like 1:02:30' });

export const AnswerQuestionInput = z.object({
  version,
  mode: z.enum(answerModes, { error: 'Choose how the question was answered: meeting or writing' }),
  text: note('the answer', 10_000),
  livestreamAt: livestreamTimestamp.optional(),
});
export type AnswerQuestionInput = z.infer<typeof AnswerQuestionInput>;

// ---- the public form ----

/** Words as GOV.UK Frontend's character count counts them (runs of non-space). */
export const countWords = (s: string) => s.match(/\S+/g)?.length ?? 0;

export const QUESTION_MAX_CHARACTERS = 5000;

export function questionFormSchema(wordLimit: number) {
  return z.object({
    name: text('your name', 120),
    email: z.string({ error: 'Enter your email address' }).trim().min(1, { error: 'Enter your email address' }).pipe(email('your email address')),
    district: z.enum(districts, { error: 'Select where you live' }),
    question: z
      .string({ error: 'Enter your question' })
      .trim()
      .min(1, { error: 'Enter your question' })
      .max(QUESTION_MAX_CHARACTERS, { error: `Your question must be ${QUESTION_MAX_CHARACTERS} characters or fewer` })
      .refine((v) => countWords(v) <= wordLimit, { error: `Your question must be ${wordLimit} words or fewer` })
      .refine(typeable, { error: untypeableMessage('your question') }),
    publishName: z.boolean(),
  });
}
export type QuestionForm = z.infer<ReturnType<typeof questionFormSchema>>;
