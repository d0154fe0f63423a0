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
    z.object({ version, outcome: z.literal('group'), leadId: id('the id of the question to group it with') }),
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
