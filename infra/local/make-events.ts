/**
 * Writes events/<route>.<case>.json: sample API Gateway HTTP API (payload 2.0) events for every
 * route in the route table, shaped exactly as the local server's `toEvent` shapes them, so a
 * handler can be invoked with one directly (`npm run invoke -- <route> [events/<file>.json]`).
 *
 * Run with `npx tsx infra/local/make-events.ts` (`--check` only reports files that are missing or
 * out of date, and exits 1 if any are). The sample values follow the 7 December 2021 Community
 * Outcomes Meeting. Staff events carry the placeholder `{{staffToken}}`, which the invoke script
 * and the events test replace with a fresh local-issuer token; staff API events also carry the
 * claims API Gateway's JWT authorizer passes on (`SAMPLE_CLAIMS`), which their functions trust.
 *
 * Each sample's path parameters, query and JSON body are checked against the route's zod schemas
 * (samples must pass, `invalid` cases must fail), so the files never drift from the route table.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { routeList, routes, type RouteDef, type RouteName } from '../../shared/routes.js';
import { gatewayClaims } from './authorizer.js';
import { idTokenClaims, ISSUER_PATH, LOCAL_CLIENT_ID } from './issuer.js';
import { localUsers } from './users.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
export const eventsDir = join(root, 'events');

/** Replaced with a real ID token by `npm run invoke` and the events test. */
export const STAFF_TOKEN = '{{staffToken}}';
/**
 * Replaced with the session's CSRF token (shared/http/csrf.ts) in staff form posts, where it sits
 * url-encoded in the body: replace `encodeURIComponent(CSRF_TOKEN)` too.
 */
export const CSRF_TOKEN = '{{csrfToken}}';
/** The clock every sample runs at: the morning the December 2021 papers were requested. */
export const SAMPLE_NOW = '2021-11-01T09:00:00Z';
const HOST = 'localhost:3000';
const BASE = `http://${HOST}`;

/**
 * What API Gateway's JWT authorizer hands a staff API function: the claims of the engagement
 * manager's ID token, issued at SAMPLE_NOW for eight hours, by the local issuer on port 3000.
 */
const issuedAt = Date.parse(SAMPLE_NOW) / 1000;
export const SAMPLE_CLAIMS = gatewayClaims({
  ...idTokenClaims(localUsers[0]!),
  iss: `${BASE}${ISSUER_PATH}`,
  aud: LOCAL_CLIENT_ID,
  sub: localUsers[0]!.email,
  iat: issuedAt,
  exp: issuedAt + 8 * 3600,
});

/** Ids of the sample data (ULIDs minted at the times the things were made in the 2021 cycle). */
export const ids = {
  septemberMeeting: '01FC31ETHRZT6RFQAT6Z2M4JM0',
  decemberMeeting: '01FFMAVYF86K6BJEA87EHS4HE7',
  roadSafetyTopic: '01FFMAYQB0W97WAMHM647534RC',
  roadSafetyItem: '01FH5CT5GRNHVADKE0QHA01W8M',
  roadSafetyRequest: '01FH5CT5GRN91M19A85XCVY6YT',
  septemberAction: '01FFJM0TD8WBBP1MF87PCMFDFG',
  /** The key of a sample import of past minutes (the imported meeting's id). */
  importKey: '01FFJM0TD8ZQ4XW7S2N9V3K6RA',
  /** The Road Safety paper's author on the people list. */
  authorPerson: '01FH5CQ2M8W3T6Y0B4N7R1K9PZ',
  /** The Road Safety paper's first upload (its version id). */
  roadSafetyUpload: '01FM9VS6DRFHV2XFTP2WG7WBT3',
  /** A public question for the December meeting (COM-20211207-001). */
  question: '01FM5NY9P8SJ3DSFXDF47MGCB4',
  /** The December meeting's standing agenda items, in their standing order. */
  standing: {
    welcome: '01FFMAVYF8EVXFGGK3TG9GDG8F',
    previousNotes: '01FFMAVYF8D4PJRWHY918QCPGV',
    announcements: '01FFMAVYF87NEHEYEGA21JVXNF',
    publicQuestions: '01FFMAVYF86NJPRQ0EK85HMH4D',
    futureItems: '01FFMAVYF876W3ATN0A42N7MFT',
    anyOtherBusiness: '01FFMAVYF8GQ4GGZTATS8G6X8R',
    nextMeeting: '01FFMAVYF8BGKQJDWS1Z9JRPER',
  },
} as const;

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

const place = 'Wellington House, Wakefield';
const livestreamUrl = 'https://www.youtube.com/@WestYorkshireCA';
const roadSafetyPoints = ['Update on Vision Zero', 'Update on Op Snap digital footage submission scheme'];
const sponsor = { name: 'ACC, Operational Support', email: 'acc.operational-support@example.org' };
const author = { name: 'Chief Inspector, Roads Policing', email: 'ci.roads-policing@example.org' };

/** One sample request to a route. */
export interface Sample {
  /** The file is events/<route>.<case>.json. */
  case: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  /** A JSON body (api routes). */
  json?: unknown;
  /** A url-encoded form body (page form posts); repeated fields as arrays. */
  form?: Record<string, string | string[]>;
  /** A multipart/form-data body (a page's upload form): its fields, and one file. */
  multipart?: { fields: Record<string, string>; file?: { name: string; filename: string; type: string; content: string } };
  /** A body that is neither JSON nor a form (an api route that takes a file): its type and text. */
  raw?: { type: string; body: string };
  /** Cookies besides the staff session (e.g. the PKCE cookie on the Cognito callback). */
  cookies?: string[];
  headers?: Record<string, string>;
  /** Leave out the staff token (a staff route called without signing in). */
  anonymous?: boolean;
}

const meeting = { meetingId: ids.decemberMeeting };
const importedMinutes = [
  'Community Outcomes Meeting (COM) - Livestreamed', '', 'Date: Tuesday, 14 September 2021', '', 'Time: 15:00 - 17:00', '',
  'Present', '', 'Alison Lowe – Deputy Mayor for Policing and Crime (DMPC)', '', '1. Anti-Social Behaviour - to access the full report, click here.', '',
  'The DMPC referred to the new Survey referred to in the report.', '', 'ACTIONS:', '', '- a) DMPC to visit a Neighbourhood Forum', '',
  '2. Future Agenda Items', '', '- a) Countering Terrorism', '- b) Road Safety',
].join('\n');
const importConfirm = {
  importKey: ids.importKey,
  title: 'Community Outcomes Meeting',
  date: '2021-09-14',
  startTime: '15:00',
  place,
  status: 'published-draft',
  attendance: { present: [{ name: 'Alison Lowe', role: 'Deputy Mayor for Policing and Crime (DMPC)' }], alsoPresent: [], apologies: [{ name: 'Russ Foster', role: 'Deputy Chief Constable' }] },
  items: [
    { title: 'Anti-Social Behaviour', notes: 'The DMPC referred to the new Survey referred to in the report.', actions: [{ text: 'DMPC to visit a Neighbourhood Forum', owner: 'DMPC' }] },
    { title: 'Future Agenda Items', notes: '', actions: [] },
  ],
  futureItems: ['Countering Terrorism', 'Road Safety'],
};
const agendaOrder = [
  ids.standing.welcome,
  ids.standing.previousNotes,
  ids.standing.announcements,
  ids.standing.publicQuestions,
  ids.roadSafetyItem,
  ids.standing.futureItems,
  ids.standing.anyOtherBusiness,
  ids.standing.nextMeeting,
];

const question = { meetingId: ids.decemberMeeting, questionId: ids.question };
const questionForm = {
  idempotencyKey: 'Jq3v9Rk2XyT7mN4pL8sWdA1b',
  name: 'Jane Example',
  email: 'jane.example@example.org',
  district: 'Kirklees',
  question: 'What is being done to stop speeding on the A62 through Milnsbridge, and will average speed cameras be considered?',
  publishName: 'yes',
  website: '',
};
const forgetLink = { questionId: ids.question, key: 'vV3kQ0n5y8mJtB2xR7wL1pZ4cH6dF9sA0eG3uK5iO8q' };
const writtenAnswer = 'The A62 at Milnsbridge is part of the Vision Zero review; average speed cameras are being assessed with Kirklees Council and a decision is due in the spring.';

const request = { meetingId: ids.decemberMeeting, requestId: ids.roadSafetyRequest };
/** The author's link: the request id and a (sample) 256-bit secret. */
const authorLink = { requestId: ids.roadSafetyRequest, key: 'BaYkuJYk0h3CMunLzHpiS8S75qQabPXZ5CUlDlGnC3k' };
const paperSummary = 'Vision Zero: 2021 casualty figures and the partnership plan to 2040. Op Snap: 2,190 submissions so far and the outcomes.';

/** The sample inputs, per route. Every route must have at least one (the type says so). */
export const samples: Record<RouteName, Sample[]> = {
  // ---- JSON API (staff) ----
  'list-meetings': [{ case: 'sample', query: { from: '2021-12-01', to: '2021-12-31' } }],
  'create-meeting': [
    { case: 'sample', json: { title: 'Community Outcomes Meeting', start: '2021-12-07T14:00', place, livestreamUrl } },
    { case: 'invalid', json: { title: 'Community Outcomes Meeting', livestreamUrl } },
  ],
  'create-meeting-series': [
    { case: 'sample', json: { title: 'Community Outcomes Meeting', time: '14:00', place, livestreamUrl, dates: ['2021-12-07', '2022-03-15', '2022-06-14'] } },
    { case: 'every-weeks', json: { time: '14:00', place, first: '2021-12-07', everyWeeks: 13, count: 4 } },
    { case: 'invalid', json: { title: 'Community Outcomes Meeting', dates: ['2021-12-07'] } },
  ],
  'get-meeting': [{ case: 'sample', params: meeting }],
  'update-meeting': [
    { case: 'sample', params: meeting, json: { version: 1, start: '2021-12-07T14:00', place, livestreamUrl, status: 'agenda-published' } },
    { case: 'invalid', params: meeting, json: { place } },
  ],
  'reorder-agenda': [
    { case: 'sample', params: meeting, json: { version: 2, order: agendaOrder } },
    { case: 'invalid', params: meeting, json: { order: agendaOrder } },
  ],
  'add-agenda-topic': [
    { case: 'sample', params: meeting, json: { version: 1, topicId: ids.roadSafetyTopic } },
    { case: 'invalid', params: meeting, json: { version: 1 } },
  ],
  'get-tracking': [{ case: 'sample', params: meeting }],
  'list-matters-arising': [{ case: 'sample', params: meeting }],
  'list-topics': [{ case: 'sample' }],
  'create-topic': [
    { case: 'sample', json: { title: 'Road Safety', points: roadSafetyPoints, source: { kind: 'future-items', meetingId: ids.septemberMeeting } } },
    { case: 'invalid', json: { points: roadSafetyPoints } },
  ],
  'update-topic': [
    { case: 'sample', params: { topicId: ids.roadSafetyTopic }, json: { version: 1, title: 'Road Safety', points: roadSafetyPoints } },
    { case: 'invalid', params: { topicId: ids.roadSafetyTopic }, json: { title: 'Road Safety' } },
  ],
  'create-request': [
    { case: 'sample', params: meeting, json: { topicId: ids.roadSafetyTopic, sponsor, author, points: roadSafetyPoints, dueDate: '2021-11-15' } },
    { case: 'invalid', params: meeting, json: { topicId: ids.roadSafetyTopic, points: roadSafetyPoints } },
  ],
  'resend-request': [{ case: 'sample', params: { meetingId: ids.decemberMeeting, requestId: ids.roadSafetyRequest } }],
  'withdraw-request': [{ case: 'sample', params: { meetingId: ids.decemberMeeting, requestId: ids.roadSafetyRequest } }],
  'create-action': [
    { case: 'sample', params: meeting, json: { text: 'WYP to share Op Snap submission figures for West Yorkshire with the Deputy Mayor', owner: 'Chief Inspector, Roads Policing' } },
    { case: 'invalid', params: meeting, json: { owner: 'Chief Inspector, Roads Policing' } },
  ],
  'update-action': [
    { case: 'sample', params: { meetingId: ids.septemberMeeting, actionId: ids.septemberAction }, json: { version: 1, status: 'ongoing', note: 'Figures to follow with the Road Safety paper' } },
    { case: 'invalid', params: { meetingId: ids.septemberMeeting, actionId: ids.septemberAction }, json: { note: 'Figures to follow with the Road Safety paper' } },
  ],

  // ---- JSON API (public) ----
  'get-openapi': [{ case: 'sample' }],
  'get-calendar': [{ case: 'sample', headers: { accept: 'text/calendar' } }],
  'get-feed': [{ case: 'sample', headers: { accept: 'application/atom+xml' } }],

  // ---- Pages (public) ----
  'show-home': [{ case: 'sample' }],
  'show-sign-in': [{ case: 'sample', query: { next: '/staff/meetings' } }],
  'sign-in': [
    { case: 'sample', form: { next: '/staff/meetings', email: 'engagement.manager@example.org', password: 'scrutiny-local' } },
    { case: 'wrong-password', form: { next: '/staff/meetings', email: 'engagement.manager@example.org', password: 'not-the-password' } },
  ],
  'auth-callback': [
    {
      case: 'sample',
      query: { code: '9f1c7e2a-55d3-4c1b-a0f2-6b8e3d4c2a17', state: '/staff/meetings' },
      cookies: ['signin_pkce=q7J0m3Yc2b8tWkX4vN1rP5sL9dG6hF0aZ2eU8iO4yTc'],
    },
    { case: 'denied', query: { error: 'access_denied', error_description: 'User cancelled the sign-in', state: '/staff/meetings' } },
  ],
  'sign-out': [{ case: 'sample', form: {} }],
  'serve-asset': [
    { case: 'sample', params: { proxy: 'app/app.css' }, headers: { accept: 'text/css,*/*;q=0.1' } },
    { case: 'brand', params: { proxy: 'app/brand.css' }, headers: { accept: 'text/css,*/*;q=0.1' } },
  ],

  // ---- Pages (staff) ----
  'show-meetings': [{ case: 'sample' }, { case: 'signed-out', anonymous: true }],
  'submit-meeting': [
    {
      case: 'sample',
      form: { title: 'Community Outcomes Meeting', 'date-day': '7', 'date-month': '12', 'date-year': '2021', time: '14:00', place, livestreamUrl },
    },
  ],
  'show-meeting': [{ case: 'sample', params: meeting }],
  'submit-agenda-move': [{ case: 'sample', params: { meetingId: ids.decemberMeeting, itemId: ids.roadSafetyItem }, form: { direction: 'up', version: '2' } }],
  'show-topics': [{ case: 'sample' }],
  'submit-topic': [
    { case: 'sample', form: { title: 'Road Safety', points: roadSafetyPoints.join('\r\n'), source: 'future-items', meetingId: ids.septemberMeeting } },
  ],
  'show-request-form': [{ case: 'sample', params: meeting, query: { topicId: ids.roadSafetyTopic } }],
  'submit-request': [
    {
      case: 'sample',
      params: meeting,
      form: {
        topicId: ids.roadSafetyTopic,
        'sponsor-name': sponsor.name,
        'sponsor-email': sponsor.email,
        'author-name': author.name,
        'author-email': author.email,
        points: roadSafetyPoints.join('\r\n'),
        'dueDate-day': '15',
        'dueDate-month': '11',
        'dueDate-year': '2021',
      },
    },
  ],
  'show-actions': [{ case: 'sample' }, { case: 'filtered', query: { status: 'all', meeting: ids.septemberMeeting } }],
  'submit-action': [
    {
      case: 'sample',
      params: meeting,
      form: {
        text: 'WYP to share Op Snap submission figures for West Yorkshire with the Deputy Mayor',
        owner: 'Chief Inspector, Roads Policing',
        returnTo: `/staff/meetings/${ids.decemberMeeting}#actions`,
      },
    },
  ],
  'submit-action-update': [
    {
      case: 'sample',
      params: { meetingId: ids.septemberMeeting, actionId: ids.septemberAction },
      form: { version: '1', status: 'ongoing', note: 'Figures to follow with the Road Safety paper', returnTo: `/staff/meetings/${ids.septemberMeeting}` },
    },
  ],

  // ---- Papers (issue 3) ----
  'show-paper-page': [{ case: 'sample', params: authorLink }],
  'check-paper-upload': [
    {
      case: 'sample',
      params: authorLink,
      // What S3 adds to success_action_redirect: the bucket, the key and the ETag.
      query: { upload: ids.roadSafetyUpload, bucket: 'scrutiny-papers', key: `uploads/${ids.decemberMeeting}/${ids.roadSafetyRequest}/${ids.roadSafetyUpload}`, etag: '"4f9a1c2e8b7d6a5f3e2d1c0b9a8f7e6d"' },
    },
  ],
  'submit-paper': [{ case: 'sample', params: authorLink, form: { upload: ids.roadSafetyUpload, points: ['0', '1'], summary: paperSummary } }],
  'get-request': [{ case: 'sample', params: request }],
  // Not "sample": the version id names an upload made when a paper is submitted, which a fresh cycle has not.
  'download-paper': [{ case: 'version-1', params: { ...request, versionId: ids.roadSafetyUpload } }],
  'accept-paper': [{ case: 'sample', params: request }],
  'return-paper': [
    { case: 'sample', params: request, json: { comments: 'Please add the 2021 casualty figures for each district, and say what Op Snap submissions led to.' } },
    { case: 'invalid', params: request, json: {} },
  ],
  'publish-paper': [{ case: 'sample', params: request }],
  'publish-agenda': [
    { case: 'sample', params: meeting, json: { confirm: true } },
    { case: 'invalid', params: meeting, json: { confirm: 'yes' } },
  ],
  'show-request': [{ case: 'sample', params: request }],
  'submit-paper-decision': [
    { case: 'sample', params: request, form: { decision: 'accept', version: '3' } },
    { case: 'return', params: request, form: { decision: 'return', version: '3', comments: 'Please add the 2021 casualty figures for each district.' } },
  ],
  'download-staff-paper': [{ case: 'version-1', params: { ...request, versionId: ids.roadSafetyUpload } }],
  'submit-agenda-publication': [{ case: 'sample', params: meeting, form: { confirm: 'yes' } }],
  'show-public-meeting': [{ case: 'sample', params: meeting }],
  'show-archive': [{ case: 'sample' }],
  'show-search': [
    { case: 'sample', query: { q: 'road safety' } },
    { case: 'empty', query: {} },
  ],
  'download-public-paper': [{ case: 'sample', params: request }],

  // ---- Public questions (issue 4) ----
  'show-question-form-next': [{ case: 'sample' }],
  'show-question-form': [{ case: 'sample', params: meeting }],
  'submit-question': [
    { case: 'sample', params: meeting, form: questionForm, headers: { referer: `${BASE}/meetings/${ids.decemberMeeting}/questions/new` } },
    { case: 'missing-fields', params: meeting, form: { ...questionForm, email: 'not-an-email', district: '', question: '' } },
    { case: 'honeypot', params: meeting, form: { ...questionForm, website: 'https://cheap-pills.example.com' } },
  ],
  'show-privacy': [{ case: 'sample' }],
  'show-forget-form': [{ case: 'sample', params: forgetLink }],
  'submit-forget': [{ case: 'sample', params: forgetLink, form: {}, headers: { referer: `${BASE}/questions/${ids.question}/forget/${forgetLink.key}` } }],
  'list-questions': [{ case: 'sample', params: meeting }, { case: 'accepted', params: meeting, query: { status: 'accepted', limit: '100' } }],
  'review-question': [
    { case: 'sample', params: question, json: { version: 1, outcome: 'accept', agendaItemId: ids.standing.publicQuestions } },
    { case: 'group', params: question, json: { version: 1, outcome: 'group', leadId: '01FM5Q2XJ8R1927FTXP4M51WAF' } },
    { case: 'group-by-reference', params: question, json: { version: 1, outcome: 'group', leadReference: 'COM-20211207-001' } },
    { case: 'redirect', params: question, json: { version: 1, outcome: 'redirect', note: 'An operational matter: passed to West Yorkshire Police Customer Service' } },
    { case: 'reject', params: question, json: { version: 1, outcome: 'reject', reason: 'named-individual' } },
    { case: 'invalid', params: question, json: { version: 1, outcome: 'reject', reason: 'other' } },
  ],
  'answer-question': [
    { case: 'sample', params: question, json: { version: 3, mode: 'writing', text: writtenAnswer } },
    { case: 'at-meeting', params: question, json: { version: 3, mode: 'meeting', text: writtenAnswer, livestreamAt: '1:02:30' } },
    { case: 'invalid', params: question, json: { version: 3, mode: 'writing' } },
  ],
  'show-question-queue': [{ case: 'sample', params: meeting }, { case: 'accepted', params: meeting, query: { status: 'accepted' } }],
  'submit-question-review': [
    { case: 'sample', params: question, form: { version: '1', outcome: 'accept', agendaItemId: ids.standing.publicQuestions } },
    { case: 'reject', params: question, form: { version: '1', outcome: 'reject', reason: 'not-in-remit', rejectNote: '' } },
  ],
  'submit-question-answer': [{ case: 'sample', params: question, form: { version: '3', mode: 'writing', text: writtenAnswer, livestreamAt: '' } }],
  'export-questions': [{ case: 'sample', params: meeting }],
  'list-reminders': [{ case: 'sample', params: meeting }],
  'switch-reminders': [
    { case: 'sample', params: meeting, json: { kind: 'digest-10-days', off: true } },
    { case: 'invalid', params: meeting, json: { off: true } },
  ],
  'show-reminders': [{ case: 'sample', params: meeting }],
  'submit-reminder-switch': [
    {
      case: 'sample',
      params: meeting,
      // The one form of checkboxes: every listed box, the ticked ones on (here the 10-day digest and the author are switched off).
      form: {
        kindsListed: ['paper-due-week', 'paper-overdue', 'digest-10-days'],
        kinds: ['paper-due-week', 'paper-overdue'],
        recipientsListed: ['ci.roads-policing@example.org', 'acc.operational-support@example.org'],
        recipients: ['acc.operational-support@example.org'],
      },
    },
  ],

  // ---- The staff home and the agenda order page (issue 12 §1, §2) ----
  'show-staff-home': [{ case: 'sample' }, { case: 'overdue-by-meeting', query: { sort: 'meeting', show: 'overdue' } }],
  // A reference that is no email's key: the sample answers 400 with a message (a real one comes from the staff home).
  'submit-email-resend': [{ case: 'sample', form: { email: 'bm90LWFuLWVtYWlsLWtleQ' } }],
  'submit-remind-now': [{ case: 'sample', params: request, form: { key: 'r8Jd2kQm5TzW0xYb7NcVh3Lp' } }],
  'show-agenda-order': [{ case: 'sample', params: meeting }],

  // Issue 12 §3: the edit form's first post (the confirm step) and the meeting page's "Mark the meeting as held".
  'show-meeting-edit': [{ case: 'sample', params: meeting }],
  'submit-meeting-edit': [
    {
      case: 'sample',
      params: meeting,
      form: { version: '1', step: 'check', title: 'Community Outcomes Meeting', 'date-day': '14', 'date-month': '12', 'date-year': '2021', time: '14:00', place, livestreamUrl },
    },
  ],
  'submit-meeting-held': [{ case: 'sample', params: meeting, form: { version: '1' } }],


  // ---- Cancel a meeting; schedule a series (issue 12 §3) ----
  // Version 1 is out of date once the cycle has a request: the samples answer 409 and cancel nothing
  // (other samples aimed at the same meeting run after them).
  'cancel-meeting': [
    { case: 'sample', params: meeting, json: { version: 1, reason: 'The commissioner is unwell. The items will come to the March meeting.', questions: 'redirect' } },
    { case: 'invalid', params: meeting, json: { version: 1, questions: 'postpone' } },
  ],
  'show-meeting-cancellation': [{ case: 'sample', params: meeting }],
  'submit-meeting-cancellation': [
    { case: 'sample', params: meeting, form: { version: '1', reason: 'The commissioner is unwell. The items will come to the March meeting.', questions: 'close' } },
  ],
  'show-meeting-series': [{ case: 'sample' }],
  'submit-meeting-series': [
    {
      case: 'sample',
      form: { action: 'preview', title: 'Community Outcomes Meeting', pattern: 'every', 'first-day': '7', 'first-month': '12', 'first-year': '2021', everyWeeks: '13', count: '4', time: '14:00', place, livestreamUrl },
    },
  ],


  // ---- Topics, people, verbal items and actions (issue 12 §3) ----
  'add-agenda-item': [
    { case: 'sample', params: meeting, json: { version: 1, format: 'presentation', title: 'Safer Roads partnership: the year in figures', presenter: 'West Yorkshire Safer Roads Executive' } },
    { case: 'on-topic', params: meeting, json: { version: 1, format: 'verbal update', topicId: ids.roadSafetyTopic, presenter: 'ACC, Operational Support' } },
    { case: 'invalid', params: meeting, json: { version: 1, format: 'presentation' } },
  ],
  'show-agenda-item-form': [{ case: 'sample', params: meeting }],
  'submit-agenda-item': [
    { case: 'sample', params: meeting, form: { version: '1', format: 'verbal update', topicId: '', title: 'Update on the Safer Roads partnership', presenter: 'ACC, Operational Support' } },
  ],
  'show-topic-edit': [{ case: 'sample', params: { topicId: ids.roadSafetyTopic } }],
  'submit-topic-edit': [
    { case: 'sample', params: { topicId: ids.roadSafetyTopic }, form: { version: '1', action: 'save', title: 'Road Safety', points: roadSafetyPoints.join('\r\n') } },
    { case: 'close', params: { topicId: ids.roadSafetyTopic }, form: { version: '1', action: 'close', reason: 'Covered by the Safer Roads partnership update' } },
  ],
  'list-people': [{ case: 'sample' }],
  'create-person': [
    { case: 'sample', json: { name: author.name, role: 'Roads Policing Unit', email: author.email } },
    { case: 'invalid', json: { name: author.name } },
  ],
  'update-person': [
    { case: 'sample', params: { personId: ids.authorPerson }, json: { version: 1, email: 'roads-policing.ci@example.org' } },
    { case: 'invalid', params: { personId: ids.authorPerson }, json: { email: 'roads-policing.ci@example.org' } },
  ],
  'show-people': [{ case: 'sample' }],
  'submit-person': [{ case: 'sample', form: { name: sponsor.name, role: 'Chief Officer Team', email: sponsor.email } }],
  'show-person-edit': [{ case: 'sample', params: { personId: ids.authorPerson } }],
  'submit-person-edit': [{ case: 'sample', params: { personId: ids.authorPerson }, form: { version: '1', name: author.name, role: 'Roads Policing Unit', email: 'roads-policing.ci@example.org' } }],

  // ---- After the meeting: attendance and minutes (issue 13 §1, §2) ----
  'get-minutes': [{ case: 'sample', params: meeting }],
  'save-minutes': [
    {
      case: 'sample',
      params: meeting,
      json: {
        attendance: {
          present: [{ name: 'Alison Lowe', role: 'Deputy Mayor for Policing and Crime', organisation: 'West Yorkshire Combined Authority' }],
          alsoPresent: [{ name: 'Tom Donohoe', role: 'Senior Policy Officer', organisation: 'OPCC' }],
          apologies: [{ name: 'John Robins', role: 'Chief Constable (CC)', organisation: 'West Yorkshire Police (WYP)' }],
        },
        sections: [{ agendaItemId: ids.roadSafetyItem, notes: 'To access the full report, click here.\n\n- Vision Zero update\n- Op Snap submissions', recordingAt: '1:02:30' }],
        futureItems: ['Hate Crime', 'Drugs and Alcohol Misuse'],
        recordingUrl: 'https://www.youtube.com/watch?v=scrutiny2021',
      },
    },
    { case: 'invalid', params: meeting, json: { sections: [{ agendaItemId: ids.roadSafetyItem, notes: '', recordingAt: '1:2:3' }] } },
  ],
  'publish-minutes': [
    { case: 'sample', params: meeting, json: { version: 2 } },
    { case: 'invalid', params: meeting, json: {} },
  ],
  'approve-minutes': [
    { case: 'sample', params: { meetingId: ids.septemberMeeting }, json: { version: 3 } },
    { case: 'invalid', params: { meetingId: ids.septemberMeeting }, json: { corrections: { note: 'Item 5' } } },
  ],
  'show-minutes': [{ case: 'sample', params: meeting }],
  'submit-minutes': [
    {
      case: 'sample',
      params: meeting,
      form: { [`notes-${ids.roadSafetyItem}`]: 'To access the full report, click here.', [`recordingAt-${ids.roadSafetyItem}`]: '1:02:30', futureItems: 'Hate Crime\r\nDrugs and Alcohol Misuse', futureItemsNote: '', recordingUrl: 'https://www.youtube.com/watch?v=scrutiny2021' },
    },
  ],
  'show-attendance': [{ case: 'sample', params: meeting }],
  'submit-attendance': [{ case: 'sample', params: meeting, form: { 'others-present': 'Alison Lowe – Deputy Mayor for Policing and Crime, West Yorkshire Combined Authority', 'others-alsoPresent': '', 'others-apologies': 'John Robins – Chief Constable (CC), West Yorkshire Police (WYP)' } }],
  'submit-minutes-publish': [{ case: 'sample', params: meeting, form: { version: '2' } }],
  'show-minutes-approval': [{ case: 'sample', params: { meetingId: ids.septemberMeeting } }],
  'submit-minutes-approval': [{ case: 'sample', params: { meetingId: ids.septemberMeeting }, form: { version: '3', note: '' } }],
  'download-staff-minutes': [{ case: 'sample', params: meeting }],
  'download-public-minutes': [{ case: 'sample', params: meeting }],
  'show-public-minutes': [{ case: 'sample', params: meeting }],
  // Importing past minutes (issue 13 §4): the September 2021 minutes, in brief.
  'import-minutes': [
    { case: 'sample', raw: { type: 'text/plain; charset=utf-8', body: importedMinutes } },
    { case: 'not-minutes', raw: { type: 'application/pdf', body: '%PDF-1.4 not minutes' } },
  ],
  'confirm-minutes-import': [
    { case: 'sample', json: importConfirm },
    { case: 'invalid', json: { ...importConfirm, date: '' } },
  ],
  'show-minutes-import': [{ case: 'sample' }],
  'submit-minutes-import': [
    { case: 'sample', multipart: { fields: { text: '' }, file: { name: 'file', filename: 'com-2021-09-14-minutes.txt', type: 'text/plain', content: importedMinutes } } },
    { case: 'pasted', multipart: { fields: { text: importedMinutes } } },
  ],
  'submit-minutes-import-confirm': [
    {
      case: 'sample',
      form: {
        importKey: ids.importKey, itemCount: '2', title: 'Community Outcomes Meeting', 'date-day': '14', 'date-month': '9', 'date-year': '2021',
        startTime: '15:00', place, status: 'published-draft', present: 'Alison Lowe – Deputy Mayor for Policing and Crime (DMPC)',
        alsoPresent: 'Sharon Waugh – Engagement Manager, Policing and Crime', apologies: 'Russ Foster – Deputy Chief Constable',
        'items.0.title': 'Anti-Social Behaviour', 'items.0.notes': 'The DMPC referred to the new Survey referred to in the report.', 'items.0.actions': 'DMPC to visit a Neighbourhood Forum',
        'items.1.title': 'Future Agenda Items', 'items.1.notes': '', 'items.1.actions': '', futureItems: 'Countering Terrorism\nRoad Safety', futureItemsNote: '',
      },
    },
  ],
};

// ---- the builder ----

const API_AGENT = 'curl/8.5.0';
const BROWSER_AGENT = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/96.0.4664.45 Safari/537.36';

/** `/api/meetings/{meetingId}` with its parameters filled in (a `{proxy+}` keeps its slashes). */
export function fillPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/\{(\w+)(\+?)\}/g, (_, name: string, greedy: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${path} needs the path parameter ${name}`);
    return greedy ? value.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(value);
  });
}

/** A stable request id per file, shaped like a UUID, so regenerating changes nothing. */
function requestIdOf(file: string) {
  const h = createHash('sha256').update(file).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function formBody(form: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return body.toString();
}

const BOUNDARY = '----scrutinyCycleSampleBoundary7MA4YWxkTrZu0gW';

/** A multipart/form-data body (text parts only: the sample file is text), as a browser sends one. */
function multipartBody(m: NonNullable<Sample['multipart']>) {
  const parts = Object.entries(m.fields).map(([k, v]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  if (m.file) parts.push(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${m.file.name}"; filename="${m.file.filename}"\r\nContent-Type: ${m.file.type}\r\n\r\n${m.file.content}\r\n`);
  return `${parts.join('')}--${BOUNDARY}--\r\n`;
}

/** The payload 2.0 event the local server (infra/local/server.ts `toEvent`) would make for this request. */
export function buildEvent(name: RouteName, sample: Sample): APIGatewayProxyEventV2 {
  const route: RouteDef = routes[name];
  const page = route.kind !== 'api';
  const staff = route.access === 'staff' && !sample.anonymous;
  const rawPath = fillPath(route.path, sample.params);
  const query = sample.query ?? {};
  const rawQueryString = new URLSearchParams(query).toString();
  // Staff forms carry the session's CSRF token, as every staff form on the pages does.
  const form = sample.form && staff && page && route.method !== 'GET' ? { ...sample.form, csrf: CSRF_TOKEN } : sample.form;
  const multipart = sample.multipart && staff && page ? { ...sample.multipart, fields: { ...sample.multipart.fields, csrf: CSRF_TOKEN } } : sample.multipart;
  const body = sample.json !== undefined ? JSON.stringify(sample.json) : form ? formBody(form) : multipart ? multipartBody(multipart) : sample.raw?.body;

  const headers: Record<string, string> = {
    host: HOST,
    'user-agent': page ? BROWSER_AGENT : API_AGENT,
    accept: page ? 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' : 'application/json',
    ...(page ? { 'accept-language': 'en-GB,en;q=0.9' } : {}),
    ...(staff && !page ? { authorization: `Bearer ${STAFF_TOKEN}` } : {}),
    ...(sample.json !== undefined ? { 'content-type': 'application/json' } : {}),
    ...(sample.raw ? { 'content-type': sample.raw.type } : {}),
    ...(sample.multipart ? { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, origin: BASE, referer: `${BASE}/staff/minutes/import` } : {}),
    ...(sample.form ? { 'content-type': 'application/x-www-form-urlencoded', origin: BASE, referer: `${BASE}${route.path.startsWith('/staff') ? '/staff/meetings' : '/sign-in'}` } : {}),
    ...(body !== undefined && route.method !== 'GET' ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
    ...sample.headers,
    'x-scrutiny-now': SAMPLE_NOW,
  };
  const cookies = [...(staff && page ? [`session=${STAFF_TOKEN}`] : []), ...(sample.cookies ?? [])];
  const at = new Date(SAMPLE_NOW);
  const routeKey = `${route.method} ${route.path}`;
  const file = `${name}.${sample.case}.json`;
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(sample.params && Object.keys(sample.params).length ? { pathParameters: sample.params } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: HOST,
      domainPrefix: 'localhost',
      http: { method: route.method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: headers['user-agent']! },
      requestId: requestIdOf(file),
      routeKey,
      stage: '$default',
      time: at.toUTCString(),
      timeEpoch: at.getTime(),
      ...(staff && !page ? { authorizer: { jwt: { claims: SAMPLE_CLAIMS, scopes: null } } } : {}),
    },
    ...(body ? { body } : {}),
    isBase64Encoded: false,
  };
}

/** Samples must satisfy the route's schemas; `invalid` cases must fail the body schema. */
function check(name: RouteName, sample: Sample) {
  const route: RouteDef = routes[name];
  const where = `${name}.${sample.case}`;
  const walk = (v: unknown, path: string) => {
    if (typeof v === 'string' && /^[0-9A-Z]{26}$/.test(v) && !ULID.test(v)) throw new Error(`${where}: ${path} ${v} is not a valid ULID`);
    if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
  };
  walk(sample, where);
  if (route.params && !route.params.safeParse(sample.params ?? {}).success) throw new Error(`${where}: path parameters do not match the route's schema`);
  if (route.query && !route.query.safeParse(sample.query ?? {}).success) throw new Error(`${where}: query does not match the route's schema`);
  if (sample.json !== undefined && route.kind !== 'api') throw new Error(`${where}: JSON bodies are for api routes; pages post forms`);
  if (sample.form && route.kind === 'api') throw new Error(`${where}: api routes take JSON bodies`);
  if (route.body) {
    const ok = route.body.safeParse(sample.json).success;
    if (sample.case === 'invalid' && ok) throw new Error(`${where}: an invalid sample passes the body schema`);
    if (sample.case !== 'invalid' && !ok) throw new Error(`${where}: the body does not pass the route's schema: ${JSON.stringify(route.body.safeParse(sample.json).error?.issues)}`);
  }
  const names = [...route.path.matchAll(/\{(\w+)\+?\}/g)].map((m) => m[1]!);
  for (const p of names) if (!sample.params?.[p]) throw new Error(`${where}: missing path parameter ${p}`);
}

function main() {
  const check_ = process.argv.includes('--check');
  const stale: string[] = [];
  mkdirSync(eventsDir, { recursive: true });
  for (const { name } of routeList) {
    const list = samples[name];
    if (!list?.length) throw new Error(`No sample event for route ${name}`);
    for (const sample of list) {
      check(name, sample);
      const file = join(eventsDir, `${name}.${sample.case}.json`);
      const text = `${JSON.stringify(buildEvent(name, sample), null, 2)}\n`;
      const same = existsSync(file) && readFileSync(file, 'utf8') === text;
      if (same) continue;
      stale.push(file.slice(root.length + 1));
      if (!check_) writeFileSync(file, text);
    }
  }
  const total = Object.values(samples).reduce((n, l) => n + l.length, 0);
  if (check_) {
    if (stale.length) {
      console.error(`Out of date (run npx tsx infra/local/make-events.ts):\n  ${stale.join('\n  ')}`);
      process.exit(1);
    }
    console.log(`All ${total} sample events are up to date.`);
  } else {
    console.log(`${total} sample events in events/ (${stale.length} written, ${total - stale.length} unchanged).`);
  }
}

// Importable (for its samples and builder) without writing anything.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
