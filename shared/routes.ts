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

export type Access = 'public' | 'author' | 'staff';
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDef {
  method: Method;
  /** API Gateway path syntax: `/api/meetings/{meetingId}`, `/assets/{proxy+}`. */
  path: string;
  access: Access;
  /** api: JSON in and out; page: server-rendered HTML and form posts; asset: static files. */
  kind: 'api' | 'page' | 'asset';
  summary: string;
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
  /** What the function may do to the table (least-privilege grants in CDK). */
  table?: 'read' | 'write';
  /** Whether the function sends email through SES. */
  mail?: boolean;
  /** What the function may do with the papers bucket (S3). */
  papers?: 'read' | 'write';
}

const route = <R extends RouteDef>(r: R) => r;

/** Keyed by handler name: `functions/<name>.ts` exports `handler`. */
export const routes = {
  // ---- JSON API (staff) ----
  'list-meetings': route({
    method: 'GET', path: '/api/meetings', access: 'staff', kind: 'api', summary: 'List meetings by start time',
    query: s.ListMeetingsQuery, dynamoCalls: 1, table: 'read',
    response: x.MeetingsResponse,
  }),
  'create-meeting': route({
    method: 'POST', path: '/api/meetings', access: 'staff', kind: 'api', summary: 'Schedule a meeting with its standing agenda',
    body: s.CreateMeetingInput, dynamoCalls: 1, table: 'write',
    response: x.MeetingView, status: 201,
  }),
  'create-meeting-series': route({
    method: 'POST', path: '/api/meeting-series', access: 'staff', kind: 'api',
    summary: 'Schedule a series of meetings (every N weeks, or a list of dates), all or none',
    body: s.CreateSeriesInput, dynamoCalls: 1, table: 'write',
    response: x.MeetingsResponse, status: 201,
  }),
  'get-meeting': route({
    method: 'GET', path: '/api/meetings/{meetingId}', access: 'staff', kind: 'api',
    summary: 'A meeting with its deadlines, agenda, report requests, actions and matters arising',
    params: s.MeetingParams, dynamoCalls: 2, table: 'read',
    response: x.MeetingPageResponse,
  }),
  'update-meeting': route({
    method: 'PATCH', path: '/api/meetings/{meetingId}', access: 'staff', kind: 'api',
    summary: 'Change or move a meeting: deadlines recomputed, due dates moved, authors, sponsors and askers emailed (issue 12 §3)',
    params: s.MeetingParams, body: s.UpdateMeetingInput,
    // The meeting with its requests and its questions (two Queries, in parallel), one transaction,
    // then one call per email sent to mark its record (none unless the start moves).
    dynamoCalls: 3, table: 'write', mail: true,
    response: x.MeetingChangeResponse,
  }),
  'reorder-agenda': route({
    method: 'PUT', path: '/api/meetings/{meetingId}/agenda', access: 'staff', kind: 'api',
    summary: 'Put the agenda items in a new order', params: s.MeetingParams, body: s.ReorderAgendaInput,
    dynamoCalls: 2, table: 'write',
    response: x.MeetingView,
  }),
  'add-agenda-topic': route({
    method: 'POST', path: '/api/meetings/{meetingId}/agenda', access: 'staff', kind: 'api',
    summary: 'Schedule a topic on the agenda (without a paper)', params: s.MeetingParams, body: s.AddAgendaTopicInput,
    dynamoCalls: 3, table: 'write',
    response: x.AgendaResponse, status: 201,
  }),
  'get-tracking': route({
    method: 'GET', path: '/api/meetings/{meetingId}/tracking', access: 'staff', kind: 'api',
    summary: 'Every report request of a meeting with its status, on time / late / overdue and days left',
    params: s.MeetingParams, dynamoCalls: 1, table: 'read',
    response: x.TrackingResponse,
  }),
  'list-matters-arising': route({
    method: 'GET', path: '/api/meetings/{meetingId}/matters-arising', access: 'staff', kind: 'api',
    summary: 'Actions not completed that were raised at earlier meetings', params: s.MeetingParams,
    dynamoCalls: 2, table: 'read',
    response: x.MattersArisingResponse,
  }),
  'list-topics': route({
    method: 'GET', path: '/api/topics', access: 'staff', kind: 'api', summary: 'The future agenda topics',
    dynamoCalls: 1, table: 'read',
    response: x.TopicsResponse,
  }),
  'create-topic': route({
    method: 'POST', path: '/api/topics', access: 'staff', kind: 'api', summary: 'Add a future agenda topic',
    body: s.CreateTopicInput, dynamoCalls: 2, table: 'write',
    response: s.Topic, status: 201,
  }),
  'update-topic': route({
    method: 'PATCH', path: '/api/topics/{topicId}', access: 'staff', kind: 'api', summary: 'Change, close or reopen a topic',
    params: s.TopicParams, body: s.UpdateTopicInput, dynamoCalls: 2, table: 'write',
    response: s.Topic,
  }),
  'create-request': route({
    method: 'POST', path: '/api/meetings/{meetingId}/requests', access: 'staff', kind: 'api',
    summary: 'Request a paper on a topic from a sponsor and author; emails both with the submission link',
    // The meeting, the topic and the people named (in parallel; a second read of people when a typed
    // address is already on the list), one transaction (request, history, topic, email records, new
    // people), then each email's outcome on its own record.
    params: s.MeetingParams, body: s.CreateRequestInput, dynamoCalls: 7, table: 'write', mail: true,
    response: x.RequestView, status: 201,
  }),
  'resend-request': route({
    method: 'POST', path: '/api/meetings/{meetingId}/requests/{requestId}/send', access: 'staff', kind: 'api',
    summary: 'Issue a new submission link (the old one stops working) and email it again',
    // The meeting and request (two reads, in parallel), the new link with its history and email
    // records, then each email's outcome on its own record.
    params: s.RequestParams, dynamoCalls: 5, table: 'write', mail: true,
    response: x.RequestView,
  }),
  'withdraw-request': route({
    method: 'POST', path: '/api/meetings/{meetingId}/requests/{requestId}/withdraw', access: 'staff', kind: 'api',
    // The request, then its topic (named by the request), then one transaction.
    summary: 'Withdraw a report request (its link stops working)', params: s.RequestParams, dynamoCalls: 3, table: 'write',
    response: x.RequestView,
  }),
  'create-action': route({
    method: 'POST', path: '/api/meetings/{meetingId}/actions', access: 'staff', kind: 'api',
    summary: 'Record an action raised at a meeting', params: s.MeetingParams, body: s.CreateActionInput,
    dynamoCalls: 2, table: 'write',
    response: s.Action, status: 201,
  }),
  'update-action': route({
    method: 'PATCH', path: '/api/meetings/{meetingId}/actions/{actionId}', access: 'staff', kind: 'api',
    summary: 'Add a dated update to an action (open, ongoing, completed)', params: s.ActionParams,
    body: s.UpdateActionInput, dynamoCalls: 2, table: 'write',
    response: s.Action,
  }),

  // ---- JSON API (public) ----
  'get-openapi': route({
    method: 'GET', path: '/api/openapi.json', access: 'public', kind: 'api', summary: 'This API as an OpenAPI 3.1 document',
    dynamoCalls: 0,
    response: x.OpenApiResponse,
  }),
  'get-calendar': route({
    method: 'GET', path: '/meetings.ics', access: 'public', kind: 'api', summary: 'Upcoming and recent meetings as an iCalendar feed',
    dynamoCalls: 1, table: 'read',
    response: x.TextResponse, responseType: 'text/calendar',
  }),

  // ---- Pages (public) ----
  'show-home': route({
    method: 'GET', path: '/', access: 'public', kind: 'page', summary: 'Upcoming meetings', dynamoCalls: 1, table: 'read',
  }),
  'show-sign-in': route({ method: 'GET', path: '/sign-in', access: 'public', kind: 'page', summary: 'Staff sign-in', dynamoCalls: 0 }),
  'sign-in': route({ method: 'POST', path: '/sign-in', access: 'public', kind: 'page', summary: 'Sign in (local issuer)', dynamoCalls: 0, form: f.SignInForm }),
  'auth-callback': route({
    method: 'GET', path: '/auth/callback', access: 'public', kind: 'page', summary: 'Cognito hosted sign-in returns here', dynamoCalls: 0,
  }),
  'sign-out': route({ method: 'POST', path: '/sign-out', access: 'public', kind: 'page', summary: 'Sign out', dynamoCalls: 0, form: f.NoFieldsForm }),
  'serve-asset': route({
    method: 'GET', path: '/assets/{proxy+}', access: 'public', kind: 'asset', summary: 'Our stylesheet (GOV.UK Frontend compiled with our brand), the brand colour and scripts',
    dynamoCalls: 0,
  }),

  // ---- Pages (staff) ----
  'show-meetings': route({
    method: 'GET', path: '/staff/meetings', access: 'staff', kind: 'page', summary: 'Meetings list and the schedule form',
    dynamoCalls: 1, table: 'read',
  }),
  'submit-meeting': route({
    method: 'POST', path: '/staff/meetings', access: 'staff', kind: 'page', summary: 'Schedule a meeting (form)',
    dynamoCalls: 1, table: 'write',
    form: f.MeetingForm,
  }),
  'show-meeting': route({
    method: 'GET', path: '/staff/meetings/{meetingId}', access: 'staff', kind: 'page',
    summary: 'One meeting: deadlines, agenda, tracking, actions and matters arising', params: s.MeetingParams,
    dynamoCalls: 3, table: 'read',
  }),
  'submit-agenda-move': route({
    method: 'POST', path: '/staff/meetings/{meetingId}/agenda/{itemId}/move', access: 'staff', kind: 'page',
    summary: 'Move an agenda item up or down (form)', params: s.AgendaItemParams, dynamoCalls: 2, table: 'write',
    form: f.AgendaMoveForm,
  }),
  'show-topics': route({
    method: 'GET', path: '/staff/topics', access: 'staff', kind: 'page', summary: 'Future agenda topics and the add form',
    dynamoCalls: 2, table: 'read',
  }),
  'submit-topic': route({
    method: 'POST', path: '/staff/topics', access: 'staff', kind: 'page', summary: 'Add a future agenda topic (form)',
    dynamoCalls: 2, table: 'write',
    form: f.TopicForm,
  }),
  'show-request-form': route({
    method: 'GET', path: '/staff/meetings/{meetingId}/requests/new', access: 'staff', kind: 'page',
    summary: 'New report request form', params: s.MeetingParams, dynamoCalls: 3, table: 'read',
  }),
  'submit-request': route({
    method: 'POST', path: '/staff/meetings/{meetingId}/requests', access: 'staff', kind: 'page',
    summary: 'Request a paper (form)', params: s.MeetingParams, dynamoCalls: 8, table: 'write', mail: true,
    form: f.RequestForm,
  }),
  'show-actions': route({
    method: 'GET', path: '/staff/actions', access: 'staff', kind: 'page', summary: 'Actions, each once, filtered by status and meeting; overdue ones marked',
    query: s.ActionsQuery, dynamoCalls: 3, table: 'read',
  }),
  'submit-action': route({
    method: 'POST', path: '/staff/meetings/{meetingId}/actions', access: 'staff', kind: 'page',
    summary: 'Record an action (form)', params: s.MeetingParams, dynamoCalls: 2, table: 'write',
    form: f.ActionForm,
  }),
  'submit-action-update': route({
    method: 'POST', path: '/staff/meetings/{meetingId}/actions/{actionId}', access: 'staff', kind: 'page',
    summary: 'Update an action (form)', params: s.ActionParams, dynamoCalls: 2, table: 'write',
    form: f.ActionUpdateForm,
  }),

  // ---- Papers (issue 3): the author's link, the office's decisions, the published pack ----
  'show-paper-page': route({
    method: 'GET', path: '/papers/{requestId}/{key}', access: 'author', kind: 'page',
    summary: "The author's page for one request, with the upload form (straight to S3)", params: p.AuthorLinkParams,
    dynamoCalls: 2, table: 'read', papers: 'write',
  }),
  'check-paper-upload': route({
    method: 'GET', path: '/papers/{requestId}/{key}/uploaded', access: 'author', kind: 'page',
    summary: 'S3 sends the author back here: check the file by its first bytes, then confirm the points', params: p.AuthorLinkParams,
    dynamoCalls: 2, table: 'read', papers: 'write',
  }),
  'submit-paper': route({
    method: 'POST', path: '/papers/{requestId}/{key}', access: 'author', kind: 'page',
    summary: 'Record a paper version (once per upload) and send the receipts', params: p.AuthorLinkParams,
    dynamoCalls: 4, table: 'write', mail: true, papers: 'write',
    form: f.PaperForm,
  }),
  'get-request': route({
    method: 'GET', path: '/api/meetings/{meetingId}/requests/{requestId}', access: 'staff', kind: 'api',
    summary: 'A report request with its paper versions and history', params: s.RequestParams, dynamoCalls: 1, table: 'read',
    response: x.RequestFileResponse,
  }),
  'download-paper': route({
    method: 'GET', path: '/api/meetings/{meetingId}/requests/{requestId}/papers/{versionId}', access: 'staff', kind: 'api',
    summary: 'A short-lived download link for a paper version', params: p.PaperVersionParams, dynamoCalls: 1, table: 'read', papers: 'read',
    response: x.DownloadResponse,
  }),
  'accept-paper': route({
    method: 'POST', path: '/api/meetings/{meetingId}/requests/{requestId}/accept', access: 'staff', kind: 'api',
    summary: 'Accept the latest paper version', params: s.RequestParams, dynamoCalls: 2, table: 'write',
    response: x.RequestFileResponse,
  }),
  'return-paper': route({
    method: 'POST', path: '/api/meetings/{meetingId}/requests/{requestId}/return', access: 'staff', kind: 'api',
    summary: 'Return the paper to its author with comments (emails the author; their link keeps working)', params: s.RequestParams,
    body: p.ReturnPaperInput, dynamoCalls: 3, table: 'write', mail: true,
    response: x.RequestFileResponse,
  }),
  'publish-paper': route({
    method: 'POST', path: '/api/meetings/{meetingId}/requests/{requestId}/publish', access: 'staff', kind: 'api',
    summary: 'Publish one accepted paper after the agenda pack (a late one)', params: s.RequestParams, dynamoCalls: 3, table: 'write', mail: true,
    response: x.RequestFileResponse,
  }),
  'publish-agenda': route({
    method: 'POST', path: '/api/meetings/{meetingId}/publish', access: 'staff', kind: 'api',
    summary: 'Publish the agenda pack: the meeting and every accepted paper (409 listing what is missing unless confirm is true)', params: s.MeetingParams,
    body: p.PublishAgendaInput, dynamoCalls: 2, table: 'write', mail: true,
    response: x.PublishAgendaResponse,
  }),
  'show-request': route({
    method: 'GET', path: '/staff/meetings/{meetingId}/requests/{requestId}', access: 'staff', kind: 'page',
    summary: 'One request: versions, history, accept / return / publish / new link', params: s.RequestParams, dynamoCalls: 2, table: 'read',
  }),
  'submit-paper-decision': route({
    method: 'POST', path: '/staff/meetings/{meetingId}/requests/{requestId}/decision', access: 'staff', kind: 'page',
    summary: 'Accept, return with comments, publish, send a new link or withdraw (form)', params: s.RequestParams,
    dynamoCalls: 4, table: 'write', mail: true,
    form: f.PaperDecisionForm,
  }),
  'download-staff-paper': route({
    method: 'GET', path: '/staff/meetings/{meetingId}/requests/{requestId}/papers/{versionId}', access: 'staff', kind: 'page',
    summary: 'Download a paper version (redirect to a short-lived link)', params: p.PaperVersionParams, dynamoCalls: 1, table: 'read', papers: 'read',
  }),
  'submit-agenda-publication': route({
    method: 'POST', path: '/staff/meetings/{meetingId}/publish', access: 'staff', kind: 'page',
    summary: 'Publish the agenda pack (form; asks to confirm if papers are missing)', params: s.MeetingParams,
    dynamoCalls: 2, table: 'write', mail: true,
    form: f.AgendaPublicationForm,
  }),
  'show-public-meeting': route({
    method: 'GET', path: '/meetings/{meetingId}', access: 'public', kind: 'page',
    summary: 'The public meeting page: agenda, papers, livestream, and answered questions after the meeting', params: s.MeetingParams,
    dynamoCalls: 2, table: 'read',
  }),
  'download-public-paper': route({
    method: 'GET', path: '/meetings/{meetingId}/papers/{requestId}', access: 'public', kind: 'page',
    summary: 'Download a published paper (redirect to a short-lived link)', params: p.PublicPaperParams, dynamoCalls: 1, table: 'read', papers: 'read',
  }),

  // ---- Public questions (issue 4) ----
  'show-question-form-next': route({
    method: 'GET', path: '/questions', access: 'public', kind: 'page',
    summary: 'The question form of the next meeting whose question window is open', dynamoCalls: 1, table: 'read',
  }),
  'show-question-form': route({
    method: 'GET', path: '/meetings/{meetingId}/questions/new', access: 'public', kind: 'page',
    summary: 'The question form for one meeting', params: s.MeetingParams, dynamoCalls: 2, table: 'read',
  }),
  'submit-question': route({
    method: 'POST', path: '/meetings/{meetingId}/questions', access: 'public', kind: 'page',
    summary: 'Submit a question (idempotent, honeypot, rate limited); emails an acknowledgement', params: s.MeetingParams,
    // The meeting and any identical earlier post, the rate limit, the reference number (an atomic
    // counter), the question with its contact and submission, then whether the acknowledgement went.
    dynamoCalls: 5, table: 'write', mail: true,
    form: f.QuestionForm,
  }),
  'show-privacy': route({
    method: 'GET', path: '/privacy', access: 'public', kind: 'page', summary: 'The privacy notice for public questions', dynamoCalls: 0,
  }),
  'show-forget-form': route({
    method: 'GET', path: '/questions/{questionId}/forget/{key}', access: 'public', kind: 'page',
    summary: "Confirm deleting a submitter's personal data (link from the acknowledgement email)", params: q.ForgetLinkParams,
    dynamoCalls: 1, table: 'read',
  }),
  'submit-forget': route({
    method: 'POST', path: '/questions/{questionId}/forget/{key}', access: 'public', kind: 'page',
    summary: "Delete a submitter's name and email now, keeping the question", params: q.ForgetLinkParams, dynamoCalls: 2, table: 'write',
    form: f.NoFieldsForm,
  }),
  'list-questions': route({
    method: 'GET', path: '/api/meetings/{meetingId}/questions', access: 'staff', kind: 'api',
    summary: "A meeting's public questions with their review state and submitters", params: s.MeetingParams, dynamoCalls: 2, table: 'read',
    response: x.QuestionsResponse,
  }),
  'review-question': route({
    method: 'POST', path: '/api/meetings/{meetingId}/questions/{questionId}/review', access: 'staff', kind: 'api',
    summary: 'Accept, group, redirect or reject a question (emails the submitter)', params: q.QuestionParams,
    // The question (with the one it joins) and the meeting's agenda, in parallel; their leads; one
    // transaction with the email's record; the email's outcome. Never the whole questions partition.
    body: q.ReviewQuestionInput, dynamoCalls: 5, table: 'write', mail: true,
    response: x.ReviewResponse,
  }),
  'answer-question': route({
    method: 'POST', path: '/api/meetings/{meetingId}/questions/{questionId}/answer', access: 'staff', kind: 'api',
    summary: 'Record the answer (at the meeting or in writing); emails each submitter once', params: q.QuestionParams,
    // The question and the meeting, in parallel; the group's members (if any); the answer; then per
    // submitter a claim and the outcome of their email (two calls each: five for a question alone).
    body: q.AnswerQuestionInput, dynamoCalls: 5, table: 'write', mail: true,
    response: x.AnswerResponse,
  }),
  'show-question-queue': route({
    method: 'GET', path: '/staff/meetings/{meetingId}/questions', access: 'staff', kind: 'page',
    summary: 'The review queue of a meeting', params: s.MeetingParams, dynamoCalls: 2, table: 'read',
  }),
  'submit-question-review': route({
    method: 'POST', path: '/staff/meetings/{meetingId}/questions/{questionId}/review', access: 'staff', kind: 'page',
    summary: 'Review a question (form)', params: q.QuestionParams, dynamoCalls: 5, table: 'write', mail: true,
    form: f.ReviewForm,
  }),
  'submit-question-answer': route({
    method: 'POST', path: '/staff/meetings/{meetingId}/questions/{questionId}/answer', access: 'staff', kind: 'page',
    summary: 'Record an answer (form)', params: q.QuestionParams, dynamoCalls: 5, table: 'write', mail: true,
    form: f.AnswerForm,
  }),
  'export-questions': route({
    method: 'GET', path: '/staff/meetings/{meetingId}/questions.csv', access: 'staff', kind: 'page',
    summary: "A meeting's questions as CSV", params: s.MeetingParams, dynamoCalls: 2, table: 'read',
  }),

  // ---- Reminders (issue 5) ----
  'list-reminders': route({
    method: 'GET', path: '/api/meetings/{meetingId}/reminders', access: 'staff', kind: 'api',
    summary: 'Every reminder of a meeting: sent, failed, retrying, upcoming, and the off switches', params: s.MeetingParams,
    dynamoCalls: 4, table: 'read',
    response: x.RemindersResponse,
  }),
  'switch-reminders': route({
    method: 'PUT', path: '/api/meetings/{meetingId}/reminders', access: 'staff', kind: 'api',
    summary: 'Switch a kind of reminder, or a recipient, off or back on for a meeting', params: s.MeetingParams,
    body: r.ReminderSwitchInput, dynamoCalls: 6, table: 'write',
    response: x.RemindersResponse,
  }),
  'show-reminders': route({
    method: 'GET', path: '/staff/meetings/{meetingId}/reminders', access: 'staff', kind: 'page',
    summary: 'Reminders of a meeting, with the switches', params: s.MeetingParams, dynamoCalls: 4, table: 'read',
  }),
  'submit-reminder-switch': route({
    method: 'POST', path: '/staff/meetings/{meetingId}/reminders', access: 'staff', kind: 'page',
    summary: 'Save every reminder switch at once (the page’s one form of checkboxes)', params: s.MeetingParams, dynamoCalls: 6, table: 'write',
    form: f.ReminderSwitchForm,
  }),
  // ---- The staff home and the agenda order's own page (issue 12 §1, §2) ----
  'show-staff-home': route({
    method: 'GET', path: '/staff', access: 'staff', kind: 'page',
    summary: 'What needs doing: papers overdue, late, due this week or to decide; questions to review; actions past their date; the next deadlines',
    // The last meeting and the next ones within 4 months (at most 6): two Queries; the open actions;
    // then, for each of those at most 7 meetings, its requests and its questions (two Queries).
    query: o.StaffHomeQuery, dynamoCalls: 17, table: 'read',
  }),
  'submit-remind-now': route({
    method: 'POST', path: '/staff/meetings/{meetingId}/requests/{requestId}/remind', access: 'staff', kind: 'page',
    summary: 'Send the author a reminder now, the sponsor copied in (form; once per click)', params: s.RequestParams,
    // The meeting's requests, the claim in the reminder log, the reminder link, the outcome.
    dynamoCalls: 4, table: 'write', mail: true,
    form: f.RemindNowForm,
  }),
  'show-agenda-order': route({
    method: 'GET', path: '/staff/meetings/{meetingId}/agenda', access: 'staff', kind: 'page',
    summary: 'Change the order of a meeting’s agenda (move buttons)', params: s.MeetingParams, dynamoCalls: 1, table: 'read',
  }),

  // ---- Edit, move and mark a meeting held (issue 12 §3, meeting-admin) ----
  'show-meeting-edit': route({
    method: 'GET', path: '/staff/meetings/{meetingId}/edit', access: 'staff', kind: 'page',
    summary: 'Edit a meeting: date and time, place, title, livestream link', params: s.MeetingParams, dynamoCalls: 1, table: 'read',
  }),
  'submit-meeting-edit': route({
    method: 'POST', path: '/staff/meetings/{meetingId}/edit', access: 'staff', kind: 'page',
    summary: 'Edit a meeting (form): a confirm step with the deadlines, warnings and due dates, then save; a move emails everyone concerned',
    // The meeting (GetItem), its requests and questions (two Queries, in parallel), one transaction,
    // then one call per email sent to mark its record; a save refused for a due date reads the
    // requests and questions again to show the confirm step.
    params: s.MeetingParams, dynamoCalls: 5, table: 'write', mail: true,
    form: f.MeetingEditForm,
  }),
  'submit-meeting-held': route({
    method: 'POST', path: '/staff/meetings/{meetingId}/held', access: 'staff', kind: 'page',
    summary: 'Mark a meeting as held (form)', params: s.MeetingParams, dynamoCalls: 2, table: 'write',
    form: f.MeetingHeldForm,
  }),

  // ---- Cancel a meeting; schedule a series (issue 12 §3) ----
  'cancel-meeting': route({
    method: 'POST', path: '/api/meetings/{meetingId}/cancel', access: 'staff', kind: 'api',
    summary: 'Cancel a meeting with a reason: its requests are withdrawn (authors and sponsors emailed), its open questions moved to the next meeting or closed (submitters emailed). Sent again, it completes what is left and emails nobody twice',
    params: s.MeetingParams, body: s.CancelMeetingInput,
    // Grows with the meeting: the meeting, the later meetings, the cancellation, the meeting's two
    // partitions, the topics, the target meeting and its questions, the view read back (13); one
    // transaction per 20 requests or 19 questions; each email marked on its record (2 a request, 1
    // a question). 40 covers 8 requests and 8 open questions.
    dynamoCalls: 40, table: 'write', mail: true,
    response: x.CancelMeetingResponse,
  }),
  'show-meeting-cancellation': route({
    method: 'GET', path: '/staff/meetings/{meetingId}/cancel', access: 'staff', kind: 'page',
    summary: 'Cancel a meeting: what will happen and the form; once cancelled, what it did and whether each email went', params: s.MeetingParams,
    dynamoCalls: 6, table: 'read',
  }),
  'submit-meeting-cancellation': route({
    method: 'POST', path: '/staff/meetings/{meetingId}/cancel', access: 'staff', kind: 'page',
    summary: 'Cancel a meeting, or finish cancelling it (form)', params: s.MeetingParams,
    dynamoCalls: 40, table: 'write', mail: true,
    form: f.CancelMeetingForm,
  }),
  'show-meeting-series': route({
    method: 'GET', path: '/staff/meetings/series', access: 'staff', kind: 'page',
    summary: 'Schedule a series of meetings: the form', dynamoCalls: 0,
  }),
  'submit-meeting-series': route({
    method: 'POST', path: '/staff/meetings/series', access: 'staff', kind: 'page',
    summary: 'Preview a series (every meeting with its deadlines and warnings), or create it all or none (form)',
    dynamoCalls: 1, table: 'write',
    form: f.SeriesForm,
  }),

  // ---- Topics, people, verbal items and actions (issue 12 §3: topics-people) ----
  'add-agenda-item': route({
    method: 'POST', path: '/api/meetings/{meetingId}/agenda/items', access: 'staff', kind: 'api',
    summary: 'Add an agenda item without a paper (a verbal update or a presentation), on a topic or with its own title',
    // The meeting's agenda and the topic (in parallel), then one transaction (item, meeting order, topic).
    params: s.MeetingParams, body: s.AddAgendaItemInput, dynamoCalls: 3, table: 'write',
    response: x.AgendaResponse, status: 201,
  }),
  'show-agenda-item-form': route({
    method: 'GET', path: '/staff/meetings/{meetingId}/agenda/new', access: 'staff', kind: 'page',
    summary: 'The form that adds a verbal update or a presentation to the agenda', params: s.MeetingParams,
    dynamoCalls: 2, table: 'read',
  }),
  'submit-agenda-item': route({
    method: 'POST', path: '/staff/meetings/{meetingId}/agenda/new', access: 'staff', kind: 'page',
    summary: 'Add a verbal update or a presentation to the agenda (form)', params: s.MeetingParams,
    // The add (three calls), or the form again with its errors (two).
    dynamoCalls: 5, table: 'write',
    form: f.AgendaItemForm,
  }),
  'show-topic-edit': route({
    method: 'GET', path: '/staff/topics/{topicId}/edit', access: 'staff', kind: 'page',
    summary: 'Edit, close or reopen a topic', params: s.TopicParams, dynamoCalls: 2, table: 'read',
  }),
  'submit-topic-edit': route({
    method: 'POST', path: '/staff/topics/{topicId}/edit', access: 'staff', kind: 'page',
    summary: 'Save, close or reopen a topic (form)', params: s.TopicParams,
    // The change (two calls), then the form again with its errors (two) if it is refused.
    dynamoCalls: 4, table: 'write',
    form: f.TopicEditForm,
  }),
  'list-people': route({
    method: 'GET', path: '/api/people', access: 'staff', kind: 'api', summary: 'The people list (sponsors and authors), by name',
    dynamoCalls: 1, table: 'read',
    response: pp.PeopleResponse,
  }),
  'create-person': route({
    method: 'POST', path: '/api/people', access: 'staff', kind: 'api', summary: 'Add a person (an address already on the list is refused with 400)',
    body: pp.CreatePersonInput, dynamoCalls: 1, table: 'write',
    response: pp.PersonRecord, status: 201,
  }),
  'update-person': route({
    method: 'PATCH', path: '/api/people/{personId}', access: 'staff', kind: 'api',
    summary: "Change a person's name, role or email (requests keep their snapshot; later emails go to the new address)",
    // The person, the write, and the new address's claim if the write was refused.
    params: pp.PersonParams, body: pp.UpdatePersonInput, dynamoCalls: 3, table: 'write',
    response: pp.PersonRecord,
  }),
  'show-people': route({
    method: 'GET', path: '/staff/people', access: 'staff', kind: 'page', summary: 'The people list and the form that adds a person',
    dynamoCalls: 1, table: 'read',
  }),
  'submit-person': route({
    method: 'POST', path: '/staff/people', access: 'staff', kind: 'page', summary: 'Add a person (form)',
    dynamoCalls: 2, table: 'write',
    form: f.PersonForm,
  }),
  'show-person-edit': route({
    method: 'GET', path: '/staff/people/{personId}/edit', access: 'staff', kind: 'page', summary: "Edit a person's details",
    params: pp.PersonParams, dynamoCalls: 1, table: 'read',
  }),
  'submit-person-edit': route({
    method: 'POST', path: '/staff/people/{personId}/edit', access: 'staff', kind: 'page', summary: "Save a person's details (form)",
    params: pp.PersonParams, dynamoCalls: 4, table: 'write',
    form: f.PersonEditForm,
  }),
} as const;

export type Routes = typeof routes;
export type RouteName = keyof Routes;

export const routeList = (Object.entries(routes) as [RouteName, RouteDef][]).map(([name, def]) => ({ name, ...def }));
