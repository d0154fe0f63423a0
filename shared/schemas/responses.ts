/**
 * What each API route answers, written once in zod from the entity schemas. `apiRoute` parses every
 * 2xx JSON body with its route's schema, which keeps only the keys named here: a secret's hash (a
 * request's link hashes, a question's forget hash) cannot reach a response by being left in an
 * object. The OpenAPI document shows the same schemas. Plain objects only (no transforms): they are
 * built at every cold start.
 */
// A namespace import lets esbuild leave out what we do not use (zod's locales: ~370 KB a bundle).
import * as z from 'zod';
import { emailStatuses } from './emails.js';
import { reminderKinds } from '../domain/reminders.js';
import { Action, AgendaItem, Deadlines, Meeting, Person, ReportRequest, Topic } from './entities.js';
import { HistoryEntry, PaperVersion, paperKinds } from './papers.js';
import { Question } from './questions.js';

// ---- planning ----

/** A meeting with its derived deadlines. */
export const MeetingView = Meeting.extend({ deadlines: Deadlines });

/** The latest paper version of a request, in brief. */
export const LatestPaper = z.object({
  id: z.string(),
  number: z.number().int(),
  submittedAt: z.string(),
  late: z.boolean(),
  pointsConfirmed: z.number().int(),
  pointsTotal: z.number().int(),
  kind: z.enum(paperKinds),
  size: z.number().int(),
});

/** One email's state in the outbox, never its message. */
export const EmailState = z.object({
  purpose: z.string(),
  to: z.string(),
  status: z.enum(emailStatuses).describe('pending (queued), sending, sent, retrying, failed, suppressed (the address bounced or complained)'),
  sentAt: z.string().optional(),
  error: z.string().optional(),
  nextAttemptAt: z.string().optional(),
});

/** A report request as staff see it: with its timeliness, never its link hashes. */
export const RequestView = ReportRequest.omit({ linkHash: true, reminderLinkHashes: true, latestVersion: true }).extend({
  timeliness: z.enum(['on time', 'late', 'overdue', 'due', 'withdrawn']),
  daysLeft: z.number().int().nullable().describe('Calendar days to the due date (negative once past); null when no longer awaited'),
  latestPaper: LatestPaper.optional(),
  emailedAt: z.string().optional().describe('When the emails carrying the current link went (from their records)'),
  emailSending: z.boolean().optional().describe('An email carrying the current link is still in the outbox (being sent, or to be tried again)'),
  requestEmails: z.array(EmailState).optional().describe('The emails carrying the current link, to the author and the sponsor, each with its state'),
  emailError: z.string().optional().describe('Why an email carrying the current link did not go'),
});

export const MeetingsResponse = z.object({ meetings: z.array(MeetingView) });

/** Issue 12 §3: a changed meeting, with what a move did (due dates changed, people emailed) and what to look out for. */
export const MeetingChangeResponse = MeetingView.extend({
  dueDates: z
    .array(z.object({ requestId: z.string(), title: z.string(), from: z.string(), to: z.string() }))
    .optional()
    .describe('On a move: the requests whose due date changed'),
  emails: z
    .object({ recorded: z.number().int(), sent: z.number().int(), failed: z.number().int() })
    .optional()
    .describe('On a move: the emails telling authors, sponsors and people with accepted questions the new date'),
  warnings: z
    .array(z.object({ kind: z.string(), message: z.string() }))
    .optional()
    .describe('The new start is on a weekend, a bank holiday, in the past or in the repeated October hour (accepted all the same)'),
});
export const MeetingPageResponse = z.object({
  meeting: MeetingView,
  agenda: z.array(AgendaItem),
  requests: z.array(RequestView),
  actions: z.array(Action),
  mattersArising: z.array(Action),
});
export const AgendaResponse = z.object({ meeting: MeetingView, agenda: z.array(AgendaItem) });
export const TrackingResponse = z.object({ meeting: MeetingView, today: z.string(), requests: z.array(RequestView) });
export const MattersArisingResponse = z.object({ meeting: MeetingView, actions: z.array(Action) });
export const TopicsResponse = z.object({ topics: z.array(Topic) });

// ---- papers ----

export const VersionView = PaperVersion.extend({
  late: z.boolean(),
  outcome: z.enum(['awaiting review', 'returned', 'accepted', 'published', 'replaced']),
  comments: z.string().optional(),
  pointsText: z.string(),
  sizeText: z.string(),
});

export const RequestFileResponse = z.object({
  request: RequestView,
  papers: z.array(VersionView).describe('Newest first'),
  history: z.array(HistoryEntry).describe('Newest first'),
  comments: z.string().optional().describe("The office's latest comments, while the paper is returned"),
});

export const DownloadResponse = z.object({ url: z.string(), expiresInSeconds: z.number().int(), fileName: z.string() });

export const PublishAgendaResponse = z.object({
  meeting: MeetingView,
  published: z.array(z.string()).describe('The requests published now'),
  missing: z.array(z.object({ title: z.string(), status: z.string(), requestId: z.string().optional() })),
  alreadyPublished: z.boolean(),
});

// ---- questions ----

/** A question as staff see it: with its submitter while their data is kept, never the forget hash. */
export const StaffQuestion = Question.omit({ forgetHash: true }).extend({
  reviewEmailedAt: z.string().optional().describe('When the outcome of the current review was emailed'),
  answerEmailedAt: z.string().optional().describe('When the answer was emailed'),
  emailSending: z.boolean().optional().describe('An email to the submitter (the outcome or the answer) is in the outbox, not sent yet'),
  emailError: z.string().optional().describe('Why an email to the submitter did not go'),
  submitter: z.object({ name: z.string(), email: z.string(), keptUntil: z.string() }).nullable(),
});

export const QuestionsResponse = z.object({
  meeting: MeetingView,
  questions: z.array(StaffQuestion),
  nextCursor: z.string().optional().describe('Give it as `cursor` for the next page; absent on the last page'),
});
export const ReviewResponse = z.object({ question: StaffQuestion, emailing: z.boolean().describe('The outcome was queued to be emailed to the submitter (the question shows when it went)') });
export const AnswerResponse = z.object({ question: StaffQuestion, emailing: z.number().int().describe('How many submitters the answer was queued to be emailed to (never one who had it already)') });

// ---- reminders ----

const kind = z.enum(reminderKinds);

export const RemindersResponse = z.object({
  meeting: MeetingView,
  log: z.array(
    z.object({
      meetingId: z.string(),
      key: z.string(),
      kind,
      label: z.string(),
      /** The reminder in words, naming its subject: "Paper overdue: Road Safety, to the author". */
      description: z.string(),
      subjectId: z.string(),
      to: Person,
      cc: z.array(Person),
      status: z.enum(emailStatuses).describe('Its email in the outbox: pending (queued), sending, sent, retrying, failed, suppressed (the address bounced or complained)'),
      attempts: z.number().int(),
      leaseUntil: z.string().optional(),
      nextAttemptAt: z.string().optional(),
      sentAt: z.string().optional(),
      messageId: z.string().optional(),
      lastError: z.string().optional(),
      updatedAt: z.string(),
    }),
  ),
  upcoming: z.array(
    z.object({
      key: z.string(),
      kind,
      label: z.string(),
      description: z.string(),
      meetingId: z.string(),
      subjectId: z.string(),
      to: Person,
      cc: z.array(Person),
      dueAt: z.string(),
      staleAt: z.string(),
      off: z.boolean(),
    }),
  ),
  kinds: z.array(z.object({ kind, label: z.string(), off: z.boolean() })),
  recipients: z.array(Person.extend({ off: z.boolean() })),
});

// ---- cancelling a meeting (issue 12 §3) ----

/** The state of one email of a cancellation, from its record. */
const CancellationEmail = EmailState;
const CancelledQuestion = z.object({ id: z.string(), reference: z.string(), meetingId: z.string(), status: z.string(), emails: z.array(CancellationEmail) });

export const CancelMeetingResponse = z.object({
  alreadyCancelled: z.boolean().describe('The meeting was cancelled before this call: nothing new was decided, only what was left unfinished was done'),
  meeting: MeetingView,
  withdrawn: z.array(z.object({ id: z.string(), title: z.string(), author: Person, sponsor: Person, emails: z.array(CancellationEmail) })),
  keptPublished: z.array(z.object({ id: z.string(), title: z.string() })).describe('Published papers stay published'),
  questions: z.object({
    movedTo: MeetingView.optional(),
    moved: z.array(CancelledQuestion),
    closed: z.array(CancelledQuestion),
  }),
});

// ---- public ----

/** This API's own OpenAPI document: its top level, the rest as generated. */
export const OpenApiResponse = z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.looseObject({}) });

/** A text body (the iCalendar feed), sent as it is. */
export const TextResponse = z.string();

