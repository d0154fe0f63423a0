/**
 * The route table: the one list of routes. The CDK stack makes one function per entry, the local
 * server serves the same entries, the OpenAPI document is generated from the API entries, and the
 * handlers read their schemas and access rule from here. Nothing about a route is written twice.
 */
import type { z } from 'zod';
import * as s from './schemas/entities.js';
import * as p from './schemas/papers.js';
import * as q from './schemas/questions.js';
import * as r from './schemas/reminders.js';
import * as x from './schemas/responses.js';
import * as f from './schemas/forms.js';
import * as o from './schemas/overview.js';
import * as pp from './schemas/people.js';
import * as mi from './schemas/minutes.js';
import * as mf from './schemas/minutes-forms.js';
import * as mim from './schemas/minutes-import.js';

export type Access = 'public' | 'author' | 'staff';
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDef {
  method: Method;
  /** API Gateway path syntax: `/api/meetings/{meetingId}`, `/assets/{proxy+}`. */
  path: string;
  access: Access;
  /** api: JSON in and out; page: server-rendered HTML and form posts; asset: static files. */
  kind: 'api' | 'page' | 'asset';
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /**
   * API routes: what a 2xx answer holds. `apiRoute` parses the body with it, dropping any key it
   * does not name (so a hash left on an object never goes out); the OpenAPI document shows it.
   */
  response?: z.ZodType;
  /**
   * Page routes taking a POST: the form's schema (shared/schemas/forms.ts). `pageRoute` parses the
   * post with it and hands the handler the result and the field issues, to show the form again.
   */
  form?: z.ZodType;
  /** The success status, when it is not 200. */
  status?: 201;
  /** A body that is not JSON (the schema is then `z.string()`): its content type. */
  responseType?: string;
  /** Most DynamoDB calls one request may make (checked by the benchmarks' call counter). */
  dynamoCalls: number;
  /**
   * A read route that makes more than one DynamoDB call (issue 15 §7): why one call cannot serve
   * it, and in how many sequential rounds its calls run (the calls of a round go in parallel; a
   * later round needs a key that only an earlier answer holds). test/integration/events.test.ts
   * holds each read route to its rounds (1 when this is absent).
   */
  reads?: { rounds: number; why: string };
  /** What the function may do to the table (least-privilege grants in CDK). */
  table?: 'read' | 'write';
  /** What the function may do with the papers bucket (S3). */
  papers?: 'read' | 'write';
}

const route = <R extends RouteDef>(r: R) => r;

/**
 * A route of a meeting's minutes (issue 13): `<at>/meetings/{meetingId}/minutes<suffix>`; under
 * /api a staff API route, under /staff a staff page, else a public page; GET reads the table, the
 * rest write. Written short because every bundle carries the route table (the 300 KB limit).
 */
/** Keyed by handler name: `functions/<name>.ts` exports `handler`. */
export const routes = {
  // ---- JSON API (staff) ----
  'list-meetings': route({
    method: 'GET', path: '/api/meetings', access: 'staff', kind: 'api', 
    query: s.ListMeetingsQuery, dynamoCalls: 1, table: 'read',
    response: x.MeetingsResponse,
  }),
  'create-meeting': route({
    method: 'POST', path: '/api/meetings', access: 'staff', kind: 'api', 
    body: s.CreateMeetingInput, dynamoCalls: 1, table: 'write',
    response: x.MeetingView, status: 201,
  }),
  'create-meeting-series': route({
    method: 'POST', path: '/api/meeting-series', access: 'staff', kind: 'api',
    body: s.CreateSeriesInput, dynamoCalls: 1, table: 'write',
    response: x.MeetingsResponse, status: 201,
  }),
  'get-meeting': route({
    method: 'GET', path: '/api/meetings/{meetingId}', access: 'staff', kind: 'api',
    // Three Queries at once: two key ranges of the meeting's partition (not the paper versions between them) and the open actions.
    params: s.MeetingParams, dynamoCalls: 3, table: 'read',
    response: x.MeetingPageResponse,
    reads: { rounds: 1, why: 'Two key ranges of the meeting\'s partition (not the paper versions between them, nor the history after) and the open actions (a sparse index: few; those of earlier meetings are matters arising), in parallel.' },
  }),
  'update-meeting': route({
    method: 'PATCH', path: '/api/meetings/{meetingId}', access: 'staff', kind: 'api',
    params: s.MeetingParams, body: s.UpdateMeetingInput,
    // The meeting with its requests and its questions (two Queries, in parallel), one transaction,
    // then one call per email sent to mark its record (none unless the start moves).
    dynamoCalls: 3, table: 'write',
    response: x.MeetingChangeResponse,
  }),
  'reorder-agenda': route({
    method: 'PUT', path: '/api/meetings/{meetingId}/agenda', access: 'staff', kind: 'api',
    params: s.MeetingParams, body: s.ReorderAgendaInput,
    dynamoCalls: 2, table: 'write',
    response: x.MeetingView,
  }),
  'add-agenda-topic': route({
    method: 'POST', path: '/api/meetings/{meetingId}/agenda', access: 'staff', kind: 'api',
    params: s.MeetingParams, body: s.AddAgendaTopicInput,
    dynamoCalls: 3, table: 'write',
    response: x.AgendaResponse, status: 201,
  }),
  'get-tracking': route({
    method: 'GET', path: '/api/meetings/{meetingId}/tracking', access: 'staff', kind: 'api',
    params: s.MeetingParams, dynamoCalls: 1, table: 'read',
    response: x.TrackingResponse,
  }),
  'list-matters-arising': route({
    method: 'GET', path: '/api/meetings/{meetingId}/matters-arising', access: 'staff', kind: 'api',
    params: s.MeetingParams,
    dynamoCalls: 2, table: 'read',
    response: x.MattersArisingResponse,
    reads: { rounds: 2, why: 'The meeting, then the open actions raised before its start (gsi2 is keyed by the start, which only the meeting holds).' },
  }),
  'list-topics': route({
    method: 'GET', path: '/api/topics', access: 'staff', kind: 'api', 
    dynamoCalls: 1, table: 'read',
    response: x.TopicsResponse,
  }),
  'create-topic': route({
    method: 'POST', path: '/api/topics', access: 'staff', kind: 'api', 
    body: s.CreateTopicInput, dynamoCalls: 2, table: 'write',
    response: s.Topic, status: 201,
  }),
  'update-topic': route({
    method: 'PATCH', path: '/api/topics/{topicId}', access: 'staff', kind: 'api', 
    params: s.TopicParams, body: s.UpdateTopicInput, dynamoCalls: 2, table: 'write',
    response: s.Topic,
  }),
  'create-request': route({
    method: 'POST', path: '/api/meetings/{meetingId}/requests', access: 'staff', kind: 'api',
    // The meeting, the topic and the people named (in parallel; a second read of people when a typed
    // address is already on the list), one transaction (request, history, topic, its two emails
    // queued in the outbox, new people).
    params: s.MeetingParams, body: s.CreateRequestInput, dynamoCalls: 5, table: 'write',
    response: x.RequestView, status: 201,
  }),
  'resend-request': route({
    method: 'POST', path: '/api/meetings/{meetingId}/requests/{requestId}/send', access: 'staff', kind: 'api',
    // The meeting and request (two reads, in parallel), the new link with its history and its two
    // emails queued in the outbox.
    params: s.RequestParams, dynamoCalls: 3, table: 'write',
    response: x.RequestView,
  }),
  'withdraw-request': route({
    method: 'POST', path: '/api/meetings/{meetingId}/requests/{requestId}/withdraw', access: 'staff', kind: 'api',
    // The request, then its topic (named by the request), then one transaction.
    params: s.RequestParams, dynamoCalls: 3, table: 'write',
    response: x.RequestView,
  }),
  'create-action': route({
    method: 'POST', path: '/api/meetings/{meetingId}/actions', access: 'staff', kind: 'api',
    params: s.MeetingParams, body: s.CreateActionInput,
    dynamoCalls: 2, table: 'write',
    response: s.Action, status: 201,
  }),
  'update-action': route({
    method: 'PATCH', path: '/api/meetings/{meetingId}/actions/{actionId}', access: 'staff', kind: 'api',
    params: s.ActionParams,
    body: s.UpdateActionInput, dynamoCalls: 2, table: 'write',
    response: s.Action,
  }),

  // ---- JSON API (public) ----
  'get-openapi': route({
    method: 'GET', path: '/api/openapi.json', access: 'public', kind: 'api', 
    dynamoCalls: 0,
    response: x.OpenApiResponse,
  }),
  'get-calendar': route({
    method: 'GET', path: '/meetings.ics', access: 'public', kind: 'api', 
    dynamoCalls: 1, table: 'read',
    response: x.TextResponse, responseType: 'text/calendar',
  }),
  'get-feed': route({
    method: 'GET', path: '/meetings.atom', access: 'public', kind: 'api',
    dynamoCalls: 1, table: 'read',
    response: x.TextResponse, responseType: 'application/atom+xml',
  }),

  // ---- Pages (public) ----
  'show-home': route({
    method: 'GET', path: '/', access: 'public', kind: 'page', dynamoCalls: 1, table: 'read',
  }),
  'show-sign-in': route({ method: 'GET', path: '/sign-in', access: 'public', kind: 'page', dynamoCalls: 0 }),
  'sign-in': route({ method: 'POST', path: '/sign-in', access: 'public', kind: 'page', dynamoCalls: 0, form: f.SignInForm }),
  'auth-callback': route({
    method: 'GET', path: '/auth/callback', access: 'public', kind: 'page', dynamoCalls: 0,
  }),
  'sign-out': route({ method: 'POST', path: '/sign-out', access: 'public', kind: 'page', dynamoCalls: 0, form: f.NoFieldsForm }),
  'serve-asset': route({
    method: 'GET', path: '/assets/{proxy+}', access: 'public', kind: 'asset', 
    dynamoCalls: 0,
  }),

  // ---- Pages (staff) ----
  'show-meetings': route({
    method: 'GET', path: '/staff/meetings', access: 'staff', kind: 'page', 
    dynamoCalls: 1, table: 'read',
  }),
  'submit-meeting': route({
    method: 'POST', path: '/staff/meetings', access: 'staff', kind: 'page', 
    dynamoCalls: 1, table: 'write',
    form: f.MeetingForm,
  }),
  'show-meeting': route({
    method: 'GET', path: '/staff/meetings/{meetingId}', access: 'staff', kind: 'page',
    params: s.MeetingParams,
    // Two key ranges of the meeting's partition (not the paper versions), the open actions, the questions;
    // the meeting and the meetings up to it (issue 13: whose minutes are approved here).
    dynamoCalls: 6, table: 'read',
    reads: { rounds: 1, why: 'Two key ranges of the meeting\'s partition (not its paper versions or history), the open actions, its questions to review (counted on the queue index\'s keys) and the meetings up to it (whose minutes are approved here), in parallel.' },
  }),
  'submit-agenda-move': route({
    method: 'POST', path: '/staff/meetings/{meetingId}/agenda/{itemId}/move', access: 'staff', kind: 'page',
    params: s.AgendaItemParams, dynamoCalls: 2, table: 'write',
    form: f.AgendaMoveForm,
  }),
  'show-topics': route({
    method: 'GET', path: '/staff/topics', access: 'staff', kind: 'page', 
    dynamoCalls: 2, table: 'read',
    reads: { rounds: 1, why: 'The topics and the meetings ahead (for the forward plan): two partitions, in parallel.' },
  }),
  'submit-topic': route({
    method: 'POST', path: '/staff/topics', access: 'staff', kind: 'page', 
    dynamoCalls: 2, table: 'write',
    form: f.TopicForm,
  }),
  'show-request-form': route({
    method: 'GET', path: '/staff/meetings/{meetingId}/requests/new', access: 'staff', kind: 'page',
    params: s.MeetingParams, dynamoCalls: 4, table: 'read',
    reads: { rounds: 1, why: 'The two key ranges of the meeting\'s partition (its own items, and its requests: not the paper versions between them), the topics and the people, in parallel.' },
  }),
  'submit-request': route({
    method: 'POST', path: '/staff/meetings/{meetingId}/requests', access: 'staff', kind: 'page',
    params: s.MeetingParams, dynamoCalls: 9, table: 'write',
    form: f.RequestForm,
  }),
  'show-actions': route({
    method: 'GET', path: '/staff/actions', access: 'staff', kind: 'page', 
    query: s.ActionsQuery, dynamoCalls: 3, table: 'read',
    reads: { rounds: 1, why: 'The actions (by status or meeting) and the meetings ahead: two partitions, in parallel.' },
  }),
  'submit-action': route({
    method: 'POST', path: '/staff/meetings/{meetingId}/actions', access: 'staff', kind: 'page',
    params: s.MeetingParams, dynamoCalls: 2, table: 'write',
    form: f.ActionForm,
  }),
  'submit-action-update': route({
    method: 'POST', path: '/staff/meetings/{meetingId}/actions/{actionId}', access: 'staff', kind: 'page',
    params: s.ActionParams, dynamoCalls: 2, table: 'write',
    form: f.ActionUpdateForm,
  }),

  // ---- Papers (issue 3): the author's link, the office's decisions, the published pack ----
  'show-paper-page': route({
    method: 'GET', path: '/papers/{requestId}/{key}', access: 'author', kind: 'page',
    params: p.AuthorLinkParams,
    dynamoCalls: 2, table: 'read', papers: 'write',
    reads: { rounds: 2, why: 'The request by the link\'s id (gsi1), then its meeting (keyed by the meeting id the request holds).' },
  }),
  'check-paper-upload': route({
    method: 'GET', path: '/papers/{requestId}/{key}/uploaded', access: 'author', kind: 'page',
    params: p.AuthorLinkParams,
    dynamoCalls: 2, table: 'read', papers: 'write',
    reads: { rounds: 2, why: 'The request by the link\'s id (gsi1), then its meeting (keyed by the meeting id the request holds).' },
  }),
  'submit-paper': route({
    method: 'POST', path: '/papers/{requestId}/{key}', access: 'author', kind: 'page',
    params: p.AuthorLinkParams,
    dynamoCalls: 4, table: 'write', papers: 'write',
    form: f.PaperForm,
  }),
  'get-request': route({
    method: 'GET', path: '/api/meetings/{meetingId}/requests/{requestId}', access: 'staff', kind: 'api',
    params: s.RequestParams, dynamoCalls: 1, table: 'read',
    response: x.RequestFileResponse,
  }),
  'download-paper': route({
    method: 'GET', path: '/api/meetings/{meetingId}/requests/{requestId}/papers/{versionId}', access: 'staff', kind: 'api',
    params: p.PaperVersionParams, dynamoCalls: 1, table: 'read', papers: 'read',
    response: x.DownloadResponse,
  }),
  'accept-paper': route({
    method: 'POST', path: '/api/meetings/{meetingId}/requests/{requestId}/accept', access: 'staff', kind: 'api',
    params: s.RequestParams, dynamoCalls: 2, table: 'write',
    response: x.RequestFileResponse,
  }),
  'return-paper': route({
    method: 'POST', path: '/api/meetings/{meetingId}/requests/{requestId}/return', access: 'staff', kind: 'api',
    params: s.RequestParams,
    body: p.ReturnPaperInput, dynamoCalls: 3, table: 'write',
    response: x.RequestFileResponse,
  }),
  'publish-paper': route({
    method: 'POST', path: '/api/meetings/{meetingId}/requests/{requestId}/publish', access: 'staff', kind: 'api',
    params: s.RequestParams, dynamoCalls: 3, table: 'write',
    response: x.RequestFileResponse,
  }),
  'publish-agenda': route({
    method: 'POST', path: '/api/meetings/{meetingId}/publish', access: 'staff', kind: 'api',
    params: s.MeetingParams,
    body: p.PublishAgendaInput, dynamoCalls: 2, table: 'write',
    response: x.PublishAgendaResponse,
  }),
  'show-request': route({
    method: 'GET', path: '/staff/meetings/{meetingId}/requests/{requestId}', access: 'staff', kind: 'page',
    params: s.RequestParams, dynamoCalls: 2, table: 'read',
    reads: { rounds: 1, why: 'The request\'s own items and its meeting: two key ranges of the meeting partition, in parallel.' },
  }),
  'submit-paper-decision': route({
    method: 'POST', path: '/staff/meetings/{meetingId}/requests/{requestId}/decision', access: 'staff', kind: 'page',
    params: s.RequestParams,
    dynamoCalls: 4, table: 'write',
    form: f.PaperDecisionForm,
  }),
  'download-staff-paper': route({
    method: 'GET', path: '/staff/meetings/{meetingId}/requests/{requestId}/papers/{versionId}', access: 'staff', kind: 'page',
    params: p.PaperVersionParams, dynamoCalls: 1, table: 'read', papers: 'read',
  }),
  'submit-agenda-publication': route({
    method: 'POST', path: '/staff/meetings/{meetingId}/publish', access: 'staff', kind: 'page',
    params: s.MeetingParams,
    dynamoCalls: 2, table: 'write',
    form: f.AgendaPublicationForm,
  }),
  'show-public-meeting': route({
    method: 'GET', path: '/meetings/{meetingId}', access: 'public', kind: 'page',
    params: s.MeetingParams,
    // The meeting's partition, its questions and the meetings before it (the previous minutes), in parallel.
    dynamoCalls: 3, table: 'read',
    reads: { rounds: 2, why: 'The meeting\'s partition; then its questions and the meetings before its start (the previous minutes), in parallel.' },
  }),
  // ---- The public archive (issue 13 §3) ----
  'show-archive': route({
    method: 'GET', path: '/meetings', access: 'public', kind: 'page',
    // The first meeting (which years there are) and the years shown, in parallel.
    query: s.ArchiveQuery, dynamoCalls: 2, table: 'read',
    reads: { rounds: 1, why: 'The meetings of the years shown and the first meeting (which years there are), in parallel.' },
  }),
  'show-search': route({
    method: 'GET', path: '/search', access: 'public', kind: 'page',
    query: s.SearchQuery,
    // What is published (gsi2 PUBLISHED) and the meetings, in parallel; none without a query.
    dynamoCalls: 2, table: 'read',
    reads: { rounds: 1, why: 'What is published (gsi2 PUBLISHED) and the meetings, in parallel.' },
  }),
  'download-public-paper': route({
    method: 'GET', path: '/meetings/{meetingId}/papers/{requestId}', access: 'public', kind: 'page',
    params: p.PublicPaperParams, dynamoCalls: 1, table: 'read', papers: 'read',
  }),

  // ---- Public questions (issue 4) ----
  'show-question-form-next': route({
    method: 'GET', path: '/questions', access: 'public', kind: 'page',
    dynamoCalls: 1, table: 'read',
  }),
  'show-question-form': route({
    method: 'GET', path: '/meetings/{meetingId}/questions/new', access: 'public', kind: 'page',
    params: s.MeetingParams, dynamoCalls: 2, table: 'read',
    reads: { rounds: 2, why: 'The meeting; only when its questions are closed, the next open meeting (a Query from now).' },
  }),
  'submit-question': route({
    method: 'POST', path: '/meetings/{meetingId}/questions', access: 'public', kind: 'page',
    params: s.MeetingParams,
    // The meeting and any identical earlier post, the rate limit, the reference number (an atomic
    // counter), the acknowledgement limits (to the address a day, to everyone an hour: two counters,
    // not a transaction, so a burst never conflicts on the shared one), then the question with its
    // contact, submission and acknowledgement (queued in the outbox) in one transaction.
    dynamoCalls: 6, table: 'write',
    form: f.QuestionForm,
  }),
  'show-privacy': route({
    method: 'GET', path: '/privacy', access: 'public', kind: 'page', dynamoCalls: 0,
  }),
  'show-forget-form': route({
    method: 'GET', path: '/questions/{questionId}/forget/{key}', access: 'public', kind: 'page',
    params: q.ForgetLinkParams,
    dynamoCalls: 1, table: 'read',
  }),
  'submit-forget': route({
    method: 'POST', path: '/questions/{questionId}/forget/{key}', access: 'public', kind: 'page',
    params: q.ForgetLinkParams, dynamoCalls: 2, table: 'write',
    form: f.NoFieldsForm,
  }),
  'list-questions': route({
    method: 'GET', path: '/api/meetings/{meetingId}/questions', access: 'staff', kind: 'api',
    params: s.MeetingParams, query: q.ListQuestionsQuery, table: 'read',
    // The meeting (GetItem) and the page's keys (gsi3), in parallel; the questions with their contacts
    // and acknowledgement and answer records by key (a BatchGetItem per 100 keys: 2 at 50, 4 at 100,
    // in parallel); then their latest review records (the key is on each question: 1).
    dynamoCalls: 7,
    response: x.QuestionsResponse,
    reads: { rounds: 3, why: 'The meeting and the page of keys (gsi3, keys only) in parallel; then the questions and their records by key; then their review records (keyed on each question).' },
  }),
  'review-question': route({
    method: 'POST', path: '/api/meetings/{meetingId}/questions/{questionId}/review', access: 'staff', kind: 'api',
    params: q.QuestionParams,
    // The question (with the one it joins) and the meeting's agenda, in parallel; their leads (only
    // for a grouped one); one transaction with the email's record: 3, 4 with a lead. Grouping by a
    // typed reference first finds it on gsi3 (2 Queries, and 4 more to say why when it is not
    // accepted) and reads the candidates (1): 7 at most. Never the whole questions partition.
    body: q.ReviewQuestionInput, dynamoCalls: 7, table: 'write',
    response: x.ReviewResponse,
  }),
  'answer-question': route({
    method: 'POST', path: '/api/meetings/{meetingId}/questions/{questionId}/answer', access: 'staff', kind: 'api',
    params: q.QuestionParams,
    // The question and the meeting, in parallel; the group's members (if any); the answer (one
    // transaction); then each submitter's email queued once (a conditional write each): 4 for a
    // question alone, one more per grouped question (5: a group of two).
    body: q.AnswerQuestionInput, dynamoCalls: 5, table: 'write',
    response: x.AnswerResponse,
  }),
  'show-question-queue': route({
    method: 'GET', path: '/staff/meetings/{meetingId}/questions', access: 'staff', kind: 'page',
    params: s.MeetingParams, query: q.QueueQuery, table: 'read',
    // The meeting with its agenda, the page's keys, the counts per state and the recent accepted
    // questions (four Queries, in parallel; a second page Query only when nothing is to review); the
    // page's questions, contacts and fixed email records by key (3 BatchGetItems at 50, in parallel);
    // their review records and the page's grouped questions' leads; the suppressed addresses: 9 in
    // AWS. The counts Query reads ~250-byte index entries (one call to ~4,000 questions) in AWS, but
    // DynamoDB Local pages it by the whole items' size: 4 calls there at 2,000 questions, so 12.
    dynamoCalls: 12,
    reads: { rounds: 5, why: 'The counts, the page of keys (gsi3) and the recent leads, then (only when nothing is to review) the first state with questions; then the questions and their records by key; then their review records and leads (keyed on each question); then the suppressed addresses (keyed by a hash of each).' },
  }),
  'submit-question-review': route({
    method: 'POST', path: '/staff/meetings/{meetingId}/questions/{questionId}/review', access: 'staff', kind: 'page',
    // The review (7 at most, as review-question); a refused one shows the queue again (12).
    params: q.QuestionParams, dynamoCalls: 19, table: 'write',
    form: f.ReviewForm,
  }),
  'submit-question-answer': route({
    method: 'POST', path: '/staff/meetings/{meetingId}/questions/{questionId}/answer', access: 'staff', kind: 'page',
    // The answer (as answer-question: 5 for a group of two); a refused one (after its 3 reads) shows the queue again (12).
    params: q.QuestionParams, dynamoCalls: 15, table: 'write',
    form: f.AnswerForm,
  }),
  'export-questions': route({
    method: 'GET', path: '/staff/meetings/{meetingId}/questions.csv', access: 'staff', kind: 'page',
    params: s.MeetingParams, query: q.CsvQuery, table: 'read',
    // A part of 500 by number: the meeting and agenda, and a Query of gsi3 keys per queue state (7, in
    // parallel); the questions and contacts by key (10 BatchGetItems at 500, in parallel); the leads
    // of grouped questions in another part (1).
    dynamoCalls: 18,
    reads: { rounds: 3, why: 'The meeting and the part\'s keys per queue state (gsi3), in parallel; then the questions and contacts by key; then the leads of grouped questions in another part.' },
  }),

  // ---- Reminders (issue 5) ----
  'list-reminders': route({
    method: 'GET', path: '/api/meetings/{meetingId}/reminders', access: 'staff', kind: 'api',
    params: s.MeetingParams,
    dynamoCalls: 4, table: 'read',
    response: x.RemindersResponse,
    reads: { rounds: 2, why: 'The meeting\'s partition, its questions and its reminder log, in parallel; then the reminders\' outbox records (keyed by the log).' },
  }),
  'switch-reminders': route({
    method: 'PUT', path: '/api/meetings/{meetingId}/reminders', access: 'staff', kind: 'api',
    params: s.MeetingParams,
    body: r.ReminderSwitchInput, dynamoCalls: 6, table: 'write',
    response: x.RemindersResponse,
  }),
  'show-reminders': route({
    method: 'GET', path: '/staff/meetings/{meetingId}/reminders', access: 'staff', kind: 'page',
    params: s.MeetingParams, dynamoCalls: 4, table: 'read',
    reads: { rounds: 2, why: 'The meeting\'s partition, its questions and its reminder log, in parallel; then the reminders\' outbox records (keyed by the log).' },
  }),
  'submit-reminder-switch': route({
    method: 'POST', path: '/staff/meetings/{meetingId}/reminders', access: 'staff', kind: 'page',
    params: s.MeetingParams, dynamoCalls: 6, table: 'write',
    form: f.ReminderSwitchForm,
  }),
  // ---- The staff home and the agenda order's own page (issue 12 §1, §2) ----
  'show-staff-home': route({
    method: 'GET', path: '/staff', access: 'staff', kind: 'page',
    // The last meeting and the next ones within 4 months (at most 6): two Queries; the open actions;
    // then, for each of those at most 7 meetings, its requests and the count of its questions to review
    // (two Queries: the queue index's keys, gsi3); and the latest emails that failed (the outbox index).
    query: o.StaffHomeQuery, dynamoCalls: 18, table: 'read',
    reads: { rounds: 2, why: 'The meetings around today, the open actions and the failed emails, in parallel; then each of those meetings\' requests and its questions to review (counted on the queue index\'s keys), in parallel (keyed by the meetings found).' },
  }),
  'submit-email-resend': route({
    method: 'POST', path: '/staff/emails/resend', access: 'staff', kind: 'page',
    // One conditional update: the failed email back to pending (the outbox sends it).
    dynamoCalls: 1, table: 'write',
    form: f.EmailResendForm,
  }),
  'submit-remind-now': route({
    method: 'POST', path: '/staff/meetings/{meetingId}/requests/{requestId}/remind', access: 'staff', kind: 'page',
    params: s.RequestParams,
    // The meeting's requests, the request as stored (for the new link), one transaction (the log
    // item, its outbox email, the link).
    dynamoCalls: 3, table: 'write',
    form: f.RemindNowForm,
  }),
  'show-agenda-order': route({
    method: 'GET', path: '/staff/meetings/{meetingId}/agenda', access: 'staff', kind: 'page',
    params: s.MeetingParams, dynamoCalls: 1, table: 'read',
  }),

  // ---- Edit, move and mark a meeting held (issue 12 §3, meeting-admin) ----
  'show-meeting-edit': route({
    method: 'GET', path: '/staff/meetings/{meetingId}/edit', access: 'staff', kind: 'page',
    params: s.MeetingParams, dynamoCalls: 1, table: 'read',
  }),
  'submit-meeting-edit': route({
    method: 'POST', path: '/staff/meetings/{meetingId}/edit', access: 'staff', kind: 'page',
    // The meeting (GetItem), its requests and questions (two Queries, in parallel), one transaction,
    // then one call per email sent to mark its record; a save refused for a due date reads the
    // requests and questions again to show the confirm step.
    params: s.MeetingParams, dynamoCalls: 5, table: 'write',
    form: f.MeetingEditForm,
  }),
  'submit-meeting-held': route({
    method: 'POST', path: '/staff/meetings/{meetingId}/held', access: 'staff', kind: 'page',
    params: s.MeetingParams, dynamoCalls: 2, table: 'write',
    form: f.MeetingHeldForm,
  }),

  // ---- Cancel a meeting; schedule a series (issue 12 §3) ----
  'cancel-meeting': route({
    method: 'POST', path: '/api/meetings/{meetingId}/cancel', access: 'staff', kind: 'api',
    params: s.MeetingParams, body: s.CancelMeetingInput,
    // Grows with the meeting: the meeting, the later meetings, the cancellation, the meeting's two
    // partitions, the topics, the target meeting and its questions, the view read back (13); one
    // transaction per 20 requests or 19 questions; each email marked on its record (2 a request, 1
    // a question). 40 covers 8 requests and 8 open questions.
    dynamoCalls: 40, table: 'write',
    response: x.CancelMeetingResponse,
  }),
  'show-meeting-cancellation': route({
    method: 'GET', path: '/staff/meetings/{meetingId}/cancel', access: 'staff', kind: 'page',
    params: s.MeetingParams,
    dynamoCalls: 5, table: 'read',
    reads: { rounds: 2, why: 'The two key ranges of the meeting\'s partition (its own items, and its requests: not the paper versions between them) and its questions, in parallel; then the meetings after its start (where questions could go), or, once cancelled, the meeting they went to and its questions, in parallel.' },
  }),
  'submit-meeting-cancellation': route({
    method: 'POST', path: '/staff/meetings/{meetingId}/cancel', access: 'staff', kind: 'page',
    params: s.MeetingParams,
    dynamoCalls: 40, table: 'write',
    form: f.CancelMeetingForm,
  }),
  'show-meeting-series': route({
    method: 'GET', path: '/staff/meetings/series', access: 'staff', kind: 'page',
    dynamoCalls: 0,
  }),
  'submit-meeting-series': route({
    method: 'POST', path: '/staff/meetings/series', access: 'staff', kind: 'page',
    dynamoCalls: 1, table: 'write',
    form: f.SeriesForm,
  }),

  // ---- Topics, people, verbal items and actions (issue 12 §3: topics-people) ----
  'add-agenda-item': route({
    method: 'POST', path: '/api/meetings/{meetingId}/agenda/items', access: 'staff', kind: 'api',
    // The meeting's agenda and the topic (in parallel), then one transaction (item, meeting order, topic).
    params: s.MeetingParams, body: s.AddAgendaItemInput, dynamoCalls: 3, table: 'write',
    response: x.AgendaResponse, status: 201,
  }),
  'show-agenda-item-form': route({
    method: 'GET', path: '/staff/meetings/{meetingId}/agenda/new', access: 'staff', kind: 'page',
    params: s.MeetingParams,
    dynamoCalls: 2, table: 'read',
    reads: { rounds: 1, why: 'The meeting\'s agenda and the topics, in parallel.' },
  }),
  'submit-agenda-item': route({
    method: 'POST', path: '/staff/meetings/{meetingId}/agenda/new', access: 'staff', kind: 'page',
    params: s.MeetingParams,
    // The add (three calls), or the form again with its errors (two).
    dynamoCalls: 5, table: 'write',
    form: f.AgendaItemForm,
  }),
  'show-topic-edit': route({
    method: 'GET', path: '/staff/topics/{topicId}/edit', access: 'staff', kind: 'page',
    params: s.TopicParams, dynamoCalls: 2, table: 'read',
    reads: { rounds: 2, why: 'The topic, then the meeting it was raised at (keyed by the id the topic holds).' },
  }),
  'submit-topic-edit': route({
    method: 'POST', path: '/staff/topics/{topicId}/edit', access: 'staff', kind: 'page',
    params: s.TopicParams,
    // The change (two calls), then the form again with its errors (two) if it is refused.
    dynamoCalls: 4, table: 'write',
    form: f.TopicEditForm,
  }),
  'list-people': route({
    method: 'GET', path: '/api/people', access: 'staff', kind: 'api', 
    dynamoCalls: 1, table: 'read',
    response: pp.PeopleResponse,
  }),
  'create-person': route({
    method: 'POST', path: '/api/people', access: 'staff', kind: 'api', 
    body: pp.CreatePersonInput, dynamoCalls: 1, table: 'write',
    response: pp.PersonRecord, status: 201,
  }),
  'update-person': route({
    method: 'PATCH', path: '/api/people/{personId}', access: 'staff', kind: 'api',
    // The person, the write, and the new address's claim if the write was refused.
    params: pp.PersonParams, body: pp.UpdatePersonInput, dynamoCalls: 3, table: 'write',
    response: pp.PersonRecord,
  }),
  'show-people': route({
    method: 'GET', path: '/staff/people', access: 'staff', kind: 'page', 
    dynamoCalls: 2, table: 'read',
    reads: { rounds: 2, why: 'The people, then which of their addresses are suppressed (keyed by a hash of each address).' },
  }),
  'submit-person': route({
    method: 'POST', path: '/staff/people', access: 'staff', kind: 'page', 
    dynamoCalls: 3, table: 'write',
    form: f.PersonForm,
  }),
  'show-person-edit': route({
    method: 'GET', path: '/staff/people/{personId}/edit', access: 'staff', kind: 'page', 
    params: pp.PersonParams, dynamoCalls: 2, table: 'read',
    reads: { rounds: 2, why: 'The person, then whether their address is suppressed (keyed by a hash of it).' },
  }),
  'submit-person-edit': route({
    method: 'POST', path: '/staff/people/{personId}/edit', access: 'staff', kind: 'page', 
    params: pp.PersonParams, dynamoCalls: 5, table: 'write',
    form: f.PersonEditForm,
  }),

  // ---- After the meeting: attendance and minutes (issue 13 §1, §2); ----
  // The meeting's partition and the revisions (in parallel), then the meetings after it.
  'get-minutes': route({
    method: 'GET', path: '/api/meetings/{meetingId}/minutes', access: 'staff', kind: 'api',
    params: s.MeetingParams, dynamoCalls: 4, table: 'read', response: mi.MinutesResponse,
    reads: { rounds: 2, why: 'The two key ranges of the meeting\'s partition (its own items, and its requests: not the paper versions between them) and the minutes\' revisions, in parallel; then the meetings after its start (the one that approves them).' },
  }),
  // The meeting's partition, each new future item's topic (a retry finds it), one transaction. 12 covers 10 new items.
  'save-minutes': route({
    method: 'PUT', path: '/api/meetings/{meetingId}/minutes', access: 'staff', kind: 'api',
    params: s.MeetingParams, dynamoCalls: 13, table: 'write', body: mi.SaveMinutesInput, response: mi.Minutes,
  }),
  'publish-minutes': route({
    method: 'POST', path: '/api/meetings/{meetingId}/minutes/publish', access: 'staff', kind: 'api',
    params: s.MeetingParams, dynamoCalls: 3, table: 'write', body: mi.PublishMinutesInput, response: mi.Minutes,
  }),
  // The meeting's partition, the meetings after it (which approves), one transaction.
  'approve-minutes': route({
    method: 'POST', path: '/api/meetings/{meetingId}/minutes/approve', access: 'staff', kind: 'api',
    params: s.MeetingParams, dynamoCalls: 4, table: 'write', body: mi.ApproveMinutesInput, response: mi.Minutes,
  }),
  'show-minutes': route({
    method: 'GET', path: '/staff/meetings/{meetingId}/minutes', access: 'staff', kind: 'page',
    params: s.MeetingParams, dynamoCalls: 4, table: 'read',
    reads: { rounds: 2, why: 'The two key ranges of the meeting\'s partition (its own items, and its requests: not the paper versions between them) and the minutes\' revisions, in parallel; then the meetings after its start (the one that approves them).' },
  }),
  // The save (up to 12), or the page again with its errors (3).
  'submit-minutes': route({
    method: 'POST', path: '/staff/meetings/{meetingId}/minutes', access: 'staff', kind: 'page',
    params: s.MeetingParams, dynamoCalls: 16, table: 'write', form: mf.MinutesForm,
  }),
  'show-attendance': route({
    method: 'GET', path: '/staff/meetings/{meetingId}/minutes/attendance', access: 'staff', kind: 'page',
    params: s.MeetingParams, dynamoCalls: 3, table: 'read',
    reads: { rounds: 1, why: 'The two key ranges of the meeting\'s partition (its own items, and its requests: not the paper versions between them) and the people, in parallel.' },
  }),
  // The people list and the meeting's partition (in parallel), one transaction; or the form again (2).
  'submit-attendance': route({
    method: 'POST', path: '/staff/meetings/{meetingId}/minutes/attendance', access: 'staff', kind: 'page',
    params: s.MeetingParams, dynamoCalls: 6, table: 'write', form: mf.AttendanceForm,
  }),
  'submit-minutes-publish': route({
    method: 'POST', path: '/staff/meetings/{meetingId}/minutes/publish', access: 'staff', kind: 'page',
    params: s.MeetingParams, dynamoCalls: 6, table: 'write', form: mf.MinutesPublishForm,
  }),
  'show-minutes-approval': route({
    method: 'GET', path: '/staff/meetings/{meetingId}/minutes/approve', access: 'staff', kind: 'page',
    params: s.MeetingParams, dynamoCalls: 4, table: 'read',
    reads: { rounds: 2, why: 'The two key ranges of the meeting\'s partition (its own items, and its requests: not the paper versions between them), then the meetings before its start (whose minutes it approves).' },
  }),
  'submit-minutes-approval': route({
    method: 'POST', path: '/staff/meetings/{meetingId}/minutes/approve', access: 'staff', kind: 'page',
    params: s.MeetingParams, dynamoCalls: 7, table: 'write', form: mf.MinutesApprovalForm,
  }),
  // The Word documents (document functions: test/unit/infra/bundles.test.ts).
  'download-staff-minutes': route({
    method: 'GET', path: '/staff/meetings/{meetingId}/minutes.docx', access: 'staff', kind: 'page',
    params: s.MeetingParams, dynamoCalls: 2, table: 'read',
    reads: { rounds: 1, why: 'The Two key ranges of the meeting\'s partition (its own items, and its requests: not the paper versions between them), in parallel.' },
  }),
  'download-public-minutes': route({
    method: 'GET', path: '/meetings/{meetingId}/minutes.docx', access: 'public', kind: 'page',
    params: s.MeetingParams, dynamoCalls: 2, table: 'read',
    reads: { rounds: 1, why: 'The Two key ranges of the meeting\'s partition (its own items, and its requests: not the paper versions between them), in parallel.' },
  }),
  'show-public-minutes': route({
    method: 'GET', path: '/meetings/{meetingId}/minutes', access: 'public', kind: 'page',
    params: s.MeetingParams, dynamoCalls: 2, table: 'read',
    reads: { rounds: 1, why: 'The Two key ranges of the meeting\'s partition (its own items, and its requests: not the paper versions between them), in parallel.' },
  }),

  // ---- Import past minutes (issue 13 §4): a proposal to review, then one confirm writes it all ----
  'import-minutes': route({
    method: 'POST', path: '/api/minutes/imports', access: 'staff', kind: 'api',
    // No body schema: the body is the file itself (a .docx or text, at most 4 MB), read by the use-case.
    // A document function (mammoth): its own bundle budget. Nothing is stored.
    dynamoCalls: 0,
    response: mim.ImportProposalResponse,
  }),
  'confirm-minutes-import': route({
    method: 'POST', path: '/api/minutes/imports/confirm', access: 'staff', kind: 'api',
    // One transaction (the meeting, agenda, minutes, revision, actions, topics); the meeting read back if it existed.
    body: mim.ConfirmImportInput, dynamoCalls: 2, table: 'write',
    response: x.MeetingView, status: 201,
  }),
  'show-minutes-import': route({
    method: 'GET', path: '/staff/minutes/import', access: 'staff', kind: 'page', dynamoCalls: 0,
  }),
  'submit-minutes-import': route({
    method: 'POST', path: '/staff/minutes/import', access: 'staff', kind: 'page',
    // A multipart/form-data post (a file, or pasted text, read by the page): its function passes the multipart parser.
    dynamoCalls: 0, form: f.NoFieldsForm,
  }),
  'submit-minutes-import-confirm': route({
    method: 'POST', path: '/staff/minutes/import/confirm', access: 'staff', kind: 'page',
    dynamoCalls: 2, table: 'write', form: f.ConfirmImportForm,
  }),
} as const;

export type Routes = typeof routes;
export type RouteName = keyof Routes;

export const routeList = (Object.entries(routes) as [RouteName, RouteDef][]).map(([name, def]) => ({ name, ...def }));
