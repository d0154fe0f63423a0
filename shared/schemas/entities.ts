/**
 * The stored shapes and the API inputs, written once in zod. Types come from here, the
 * handlers validate with these, and the OpenAPI document is generated from them.
 */
// A namespace import lets esbuild leave out what we do not use (zod's locales: ~370 KB a bundle).
import * as z from 'zod';
import { email, id, isoDate, londonLocalTime, points, text, url, version } from './common.js';

export const meetingStatuses = ['planned', 'agenda-published', 'held', 'cancelled'] as const;
export const topicStatuses = ['open', 'scheduled', 'reported', 'closed'] as const;
export const requestStatuses = ['requested', 'submitted', 'returned', 'accepted', 'published', 'withdrawn'] as const;
export const actionStatuses = ['open', 'ongoing', 'completed'] as const;
export const standingItems = [
  'welcome',
  'previous-notes',
  'announcements',
  'public-questions',
  'future-items',
  'any-other-business',
  'next-meeting',
] as const;

export const Deadlines = z.object({
  papersDue: z.string().describe('London date papers are due (YYYY-MM-DD)'),
  agendaPublication: z.string().describe('London date the agenda pack must be published by'),
  questionDeadline: z.string().describe('London date public questions close (end of day)'),
});

export const verbalFormats = ['verbal update', 'presentation'] as const;

export const AgendaItem = z.object({
  id: z.string(),
  meetingId: z.string(),
  /** verbal: an item without a paper (a verbal update or a presentation), free-standing or on a topic. */
  kind: z.enum(['standing', 'topic', 'verbal']),
  standing: z.enum(standingItems).optional(),
  title: z.string(),
  topicId: z.string().optional(),
  requestId: z.string().optional(),
  format: z.enum(verbalFormats).optional().describe('A verbal item: a verbal update or a presentation'),
  presenter: z.string().optional().describe('A verbal item: who gives it'),
});

export const Meeting = z.object({
  id: z.string(),
  title: z.string(),
  start: z.string().describe('UTC instant (ISO 8601)'),
  startLocal: z.string().describe('Europe/London wall-clock time, YYYY-MM-DDTHH:mm'),
  place: z.string(),
  livestreamUrl: z.string().optional(),
  status: z.enum(meetingStatuses),
  publishedAt: z.string().optional().describe('When the agenda pack was published'),
  // Cancelling a meeting (issue 12 §3): why, when, and what became of its open public questions.
  cancelledReason: z.string().optional().describe('Why the meeting was cancelled (shown on the public page)'),
  cancelledAt: z.string().optional().describe('When it was cancelled; also the round of the cancellation emails'),
  cancelledQuestions: z.enum(['redirect', 'close']).optional().describe('What became of its open public questions'),
  questionsMovedTo: z.string().optional().describe('The meeting its open public questions were moved to'),
  // After the meeting (issue 13). The minutes' state is copied here (in the same transaction as the
  // minutes) so the public archive and its feed read every meeting in one Query.
  recordingUrl: z.string().optional().describe('The recording of the meeting'),
  minutesStatus: z.enum(['draft', 'published-draft', 'approved']).optional().describe('The state of its minutes, if any'),
  minutesPublishedAt: z.string().optional().describe('When its minutes were last published (as a draft or approved)'),
  answersPublishedAt: z.string().optional().describe('When the first answer to one of its public questions was published'),
  agendaOrder: z.array(z.string()),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const Topic = z.object({
  id: z.string(),
  title: z.string(),
  points: z.array(z.string()),
  source: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('future-items'), meetingId: z.string() }),
    z.object({ kind: z.literal('action'), meetingId: z.string(), actionId: z.string() }),
    z.object({ kind: z.literal('staff') }),
  ]),
  status: z.enum(topicStatuses),
  meetingId: z.string().optional().describe('The meeting the topic is scheduled on'),
  requestId: z.string().optional().describe('The report request on this topic that is not withdrawn'),
  closedReason: z.string().optional().describe('Why staff closed the topic'),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** A sponsor or author as the request was made (a snapshot), with the person on the people list it came from. */
export const Person = z.object({
  name: z.string(),
  email: z.string(),
  role: z.string().optional(),
  personId: z.string().optional().describe('The person on the people list: later emails go to their current address'),
});

export const ReportRequest = z.object({
  id: z.string(),
  meetingId: z.string(),
  topicId: z.string(),
  agendaItemId: z.string(),
  title: z.string(),
  points: z.array(z.string()),
  sponsor: Person,
  author: Person,
  dueDate: z.string().describe('London date (YYYY-MM-DD); the paper is late after the end of this day'),
  status: z.enum(requestStatuses),
  submittedAt: z.string().optional(),
  linkHash: z.string().describe('SHA-256 of the submission link secret; the secret itself is never stored'),
  linkIssuedAt: z.string(),
  reminderLinkHashes: z
    .array(z.string())
    .optional()
    .describe('Hashes of the links sent in reminder emails; they work alongside the first until staff send a new link'),
  /**
   * The latest version submitted, in short (issue 15 §8): kept with the request by the submission, so
   * the meeting view reads the requests and not every version. Absent on requests submitted before it.
   */
  latestVersion: z
    .object({
      id: z.string(),
      number: z.number().int(),
      submittedAt: z.string(),
      pointsConfirmed: z.number().int(),
      pointsTotal: z.number().int(),
      kind: z.enum(['pdf', 'docx']),
      size: z.number().int(),
    })
    .optional(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ActionUpdate = z.object({
  at: z.string(),
  by: z.string(),
  status: z.enum(actionStatuses),
  note: z.string().optional(),
});

export const Action = z.object({
  id: z.string(),
  meetingId: z.string(),
  meetingStart: z.string(),
  text: z.string(),
  owner: z.string(),
  agendaItemId: z.string().optional().describe('The agenda item it was raised under (shown in the minutes)'),
  targetDate: z.string().optional().describe('London date (YYYY-MM-DD) the action should be done by; overdue after it'),
  status: z.enum(actionStatuses),
  updates: z.array(ActionUpdate),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export type Deadlines = z.infer<typeof Deadlines>;
export type Meeting = z.infer<typeof Meeting>;
export type AgendaItem = z.infer<typeof AgendaItem>;
export type Topic = z.infer<typeof Topic>;
export type ReportRequest = z.infer<typeof ReportRequest>;
export type Action = z.infer<typeof Action>;
export type ActionUpdate = z.infer<typeof ActionUpdate>;
export type MeetingStatus = (typeof meetingStatuses)[number];
export type StandingItem = (typeof standingItems)[number];

// ---- API inputs ----

const meetingFields = {
  title: text('a title', 200).default('Community Outcomes Meeting'),
  place: text('the place', 200),
  livestreamUrl: url('the livestream link').optional(),
};

export const CreateMeetingInput = z.object({
  ...meetingFields,
  start: londonLocalTime('the start'),
});

export const CreateSeriesInput = z
  .object({
    ...meetingFields,
    time: z
      .string({ error: 'Enter the start time, like 14:00' })
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'Enter the start time as HH:mm, like 14:00' }),
    dates: z.array(isoDate('each date'), { error: 'Give the dates as a list' }).optional(),
    first: isoDate('the first date').optional(),
    everyWeeks: z
      .number({ error: 'Give the number of weeks between meetings' })
      .int({ error: 'Give the number of weeks between meetings as a whole number' })
      .min(1, { error: 'Meetings must be at least 1 week apart' })
      .max(52, { error: 'Meetings can be at most 52 weeks apart' })
      .optional(),
    count: z
      .number({ error: 'Give how many meetings to create' })
      .int({ error: 'Give how many meetings to create as a whole number' })
      .min(1, { error: 'Create at least 1 meeting' })
      .max(12, { error: 'Create at most 12 meetings at a time' })
      .optional(),
  })
  .superRefine((v, ctx) => {
    const list = v.dates !== undefined;
    const recurring = v.first !== undefined || v.everyWeeks !== undefined || v.count !== undefined;
    if (list === recurring) {
      ctx.addIssue({
        code: 'custom',
        path: ['dates'],
        message: 'Give either a list of dates, or a first date with everyWeeks and count',
      });
    } else if (list && v.dates!.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['dates'], message: 'Give at least one date for the series' });
    } else if (list && v.dates!.length > 12) {
      ctx.addIssue({ code: 'custom', path: ['dates'], message: 'Create at most 12 meetings at a time' });
    } else if (list && new Set(v.dates).size !== v.dates!.length) {
      const twice = v.dates!.find((d, i) => v.dates!.indexOf(d) !== i);
      ctx.addIssue({ code: 'custom', path: ['dates'], message: `The list gives the same date twice (${twice}): give each date once` });
    } else if (recurring && (v.first === undefined || v.everyWeeks === undefined || v.count === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['first'], message: 'A repeating series needs first, everyWeeks and count' });
    }
  });

export const UpdateMeetingInput = z.object({
  version,
  title: text('a title', 200).optional(),
  start: londonLocalTime('the start').optional(),
  place: text('the place', 200).optional(),
  livestreamUrl: url('the livestream link').nullable().optional(),
  status: z
    .enum(meetingStatuses, { error: `Status must be one of: ${meetingStatuses.join(', ')}` })
    // Cancelling has consequences a status change would skip (requests withdrawn, questions moved, everyone told).
    .refine((v) => v !== 'cancelled', { error: 'To cancel a meeting, POST /api/meetings/{meetingId}/cancel with a reason: it withdraws the requests and tells everyone concerned' })
    .optional(),
  // Issue 12 §3: a move carries its consequences (shared/domain/reschedule.ts).
  dueDates: z
    .record(
      id('each request id'),
      z.union([z.literal('keep'), isoDate('the due date')], { error: 'Give each due date as YYYY-MM-DD, or "keep"' }),
      { error: 'Give the due dates as { "<request id>": "YYYY-MM-DD" | "keep" }' },
    )
    .optional()
    .describe("On a move: each request's new due date, or keep; a request not named moves to the new papers-due date (a paper already in keeps its date)"),
});

/** Cancel a meeting (issue 12 §3): its requests are withdrawn; its open public questions move to the next meeting or are closed. */
export const CancelMeetingInput = z.object({
  version,
  reason: text('the reason for cancelling', 1000),
  questions: z
    .enum(['redirect', 'close'], { error: 'Choose what happens to the open public questions: redirect or close' })
    .describe('redirect: move them to the next meeting whose questions are open; close: close them, emailing each submitter'),
});

export const ReorderAgendaInput = z.object({
  version,
  order: z.array(id('each agenda item id'), { error: 'Give the agenda item ids in their new order' }),
});

export const AddAgendaTopicInput = z.object({ version, topicId: id('the topic id') });

export const CreateTopicInput = z.object({
  title: text('a title', 200),
  points: points.default([]),
  source: z
    .discriminatedUnion(
      'kind',
      [
        z.object({ kind: z.literal('future-items'), meetingId: id('the meeting id') }),
        z.object({ kind: z.literal('action'), meetingId: id('the meeting id'), actionId: id('the action id') }),
        z.object({ kind: z.literal('staff') }),
      ],
      { error: 'Source kind must be one of: future-items, action, staff' },
    )
    .default({ kind: 'staff' }),
});

export const UpdateTopicInput = z.object({
  version,
  title: text('a title', 200).optional(),
  points: points.optional(),
  status: z.enum(['open', 'closed'], { error: 'Staff can set a topic to open or closed' }).optional(),
  reason: text('the reason for closing it', 500).optional().describe('Why the topic is closed (with status closed)'),
});

/** A sponsor or author: a person on the people list (by id), or someone new (saved to the list). */
const personChoice = (label: string) =>
  z
    .object({
      personId: id(`the ${label}'s person id`).optional(),
      name: text(`the ${label}'s name`, 120).optional(),
      role: text(`the ${label}'s role`, 120).optional(),
      email: email(`the ${label}'s email address`).optional(),
    })
    .superRefine((v, ctx) => {
      if (v.personId !== undefined) return;
      if (v.name === undefined) ctx.addIssue({ code: 'custom', path: ['name'], message: `Enter the ${label}'s name` });
      if (v.email === undefined) ctx.addIssue({ code: 'custom', path: ['email'], message: `Enter the ${label}'s email address` });
    });
export type PersonChoice = z.infer<ReturnType<typeof personChoice>>;

export const CreateRequestInput = z.object({
  topicId: id('the topic id'),
  sponsor: personChoice('sponsor'),
  author: personChoice('author'),
  points: points.optional().describe('Defaults to the topic points'),
  dueDate: isoDate('the due date').optional().describe("Defaults to the meeting's papers-due date"),
});

export const CreateActionInput = z.object({
  text: text('the action', 1000),
  owner: text('the owner', 200),
  targetDate: isoDate('the target date').optional(),
  /** The agenda item it was raised under (issue 13: listed in the minutes). */
  agendaItemId: id('the agenda item id').optional(),
});

export const UpdateActionInput = z.object({
  version,
  status: z.enum(actionStatuses, { error: `Status must be one of: ${actionStatuses.join(', ')}` }),
  note: text('a note', 1000).optional(),
  targetDate: isoDate('the target date').nullable().optional().describe('A new target date; null clears it'),
});

export const ListMeetingsQuery = z.object({
  from: isoDate('the from date').optional(),
  to: isoDate('the to date').optional(),
});

// ---- Agenda items without a paper, and the actions list (issue 12 §3) ----

/** A verbal update or a presentation: on a topic (scheduled without a paper request), or free-standing with a title. */
export const AddAgendaItemInput = z
  .object({
    version,
    format: z.enum(verbalFormats, { error: 'Choose whether it is a verbal update or a presentation' }),
    topicId: id('the topic id').optional(),
    title: text('a title', 200).optional(),
    presenter: text('who presents it', 200).optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.topicId === undefined) === (v.title === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['title'], message: 'Give either a topic or a title for the item, not both' });
    }
  });

export const actionStatusFilters = ['outstanding', 'open', 'ongoing', 'completed', 'all'] as const;
/** The actions page's filters (query string): a status (outstanding = open or ongoing) and a meeting. */
export const ActionsQuery = z.object({
  status: z.enum(actionStatusFilters, { error: `Status must be one of: ${actionStatusFilters.join(', ')}` }).default('outstanding'),
  meeting: z.union([z.literal(''), id('the meeting id')]).optional(),
});

export const MeetingParams = z.object({ meetingId: id('the meeting id') });
/** The public archive's search (issue 13 §3): `?q=` words to find (none: just the form). */
/** The archive's filter: one year's meetings (without it, last year's, this year's and every later one). */
export const ArchiveQuery = z.object({
  year: z
    .string()
    .trim()
    .regex(/^\d{4}$/, { error: 'Give the year as four digits, like 2021' })
    .optional(),
});
export const SearchQuery = z.object({ q: z.string().trim().max(200, { error: 'Search for 200 characters or fewer' }).optional() });
export const TopicParams = z.object({ topicId: id('the topic id') });
export const RequestParams = z.object({ meetingId: id('the meeting id'), requestId: id('the request id') });
export const AgendaItemParams = z.object({ meetingId: id('the meeting id'), itemId: id('the agenda item id') });
export const ActionParams = z.object({ meetingId: id('the meeting id'), actionId: id('the action id') });

export { email };
