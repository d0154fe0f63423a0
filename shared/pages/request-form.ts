/** Page layer (called by functions/ wiring): The staff form that requests a report on a topic. */
import { type PageReply, redirect, type PageFn } from '../http/handler.js';
import { listTopics, withDeadlines, createRequest, meetingBundle } from '../app/planning.js';
import { listPeople } from '../app/people.js';
import { NotFoundError, ConflictError, ValidationError } from '../domain/errors.js';
import { dateItems, datePartsOf, fieldErrors, type DatePart, type DateParts, type FieldIssue, dateFields, field, parseDateParts } from '../views/forms.js';
import { staffActor } from '../domain/papers.js';

export interface RequestFormValues {
  topicId: string;
  points: string;
  'sponsor-person': string;
  'sponsor-name': string;
  'sponsor-role': string;
  'sponsor-email': string;
  'author-person': string;
  'author-name': string;
  'author-role': string;
  'author-email': string;
  dueDate: DateParts;
}

/** The form's fields in order, for the error summary. */
export const requestFields = ['topicId', 'points', 'sponsor.personId', 'sponsor.name', 'sponsor.role', 'sponsor.email', 'author.personId', 'author.name', 'author.role', 'author.email', 'dueDate'];

const who = ['sponsor', 'author'] as const;
const personFields = (form: Parameters<typeof field>[0]) =>
  Object.fromEntries(who.flatMap((w) => ['person', 'name', 'role', 'email'].map((f) => [`${w}-${f}`, field(form, `${w}-${f}`)]))) as Pick<
    RequestFormValues,
    `${(typeof who)[number]}-${'person' | 'name' | 'role' | 'email'}`
  >;

/** The "Request a paper" form for one meeting. */
export async function requestFormPage(
  meetingId: string,
  now: Date,
  opts: { topicId?: string; values?: RequestFormValues; issues?: FieldIssue[]; dateParts?: DatePart[]; status?: number } = {},
): Promise<PageReply> {
  const [bundle, topics, people] = await Promise.all([meetingBundle(meetingId), listTopics(), listPeople()]);
  if (!bundle) throw new NotFoundError(`There is no meeting with id ${meetingId}`);
  const meeting = withDeadlines(bundle.meeting);
  const requested = new Set(bundle.requests.filter((r) => r.status !== 'withdrawn').map((r) => r.topicId));
  // Open topics, and topics already on this meeting's agenda that have no paper requested yet.
  const choices = topics.filter((t) => t.status === 'open' || (t.status === 'scheduled' && t.meetingId === meetingId && !requested.has(t.id)));
  const preselected = choices.find((t) => t.id === opts.topicId);
  const values: RequestFormValues = opts.values ?? {
    topicId: preselected?.id ?? '',
    points: preselected?.points.join('\n') ?? '',
    ...personFields({}),
    dueDate: datePartsOf(meeting.deadlines.papersDue),
  };
  const dateParts = opts.dateParts ?? [];
  const errors = fieldErrors(
    [...(opts.issues ?? [])].sort((a, b) => requestFields.indexOf(a.field) - requestFields.indexOf(b.field)),
    (f) => (f === 'dueDate' ? `dueDate-${dateParts[0] ?? 'day'}` : f.endsWith('.personId') ? f.replace('.personId', '-person') : f.replace(/\./g, '-')),
  );
  return {
    view: 'request-form.njk',
    status: opts.status ?? 200,
    data: {
      section: 'meetings',
      meeting,
      openForPlanning: meeting.status === 'planned' || meeting.status === 'agenda-published',
      topicOptions: [{ value: '', text: 'Choose a topic' }, ...choices.map((t) => ({ value: t.id, text: t.title, selected: t.id === values.topicId }))],
      hasChoices: choices.length > 0,
      hasPeople: people.length > 0,
      // Each of sponsor and author: a person from the list, or someone else typed in below (no JavaScript needed).
      personOptions: Object.fromEntries(
        who.map((w) => [
          w,
          [
            { value: '', text: 'Choose from the list, or enter someone else below' },
            ...people.map((p) => ({ value: p.id, text: `${p.name}${p.role ? `, ${p.role}` : ''} (${p.email})`, selected: p.id === values[`${w}-person`] })),
          ],
        ]),
      ),
      dueExample: Object.values(datePartsOf(meeting.deadlines.papersDue)).join(' '),
      values,
      errors,
      dateItems: dateItems('dueDate', values.dueDate, errors.byField.dueDate ? (dateParts.length ? dateParts : ['day', 'month', 'year']) : []),
    },
  };
}

export const showRequestForm: PageFn<'show-request-form'> = async ({ params, event, now }) =>
  requestFormPage(params.meetingId, now, { topicId: event.queryStringParameters?.topicId });

const rename = (path: string) => (path.startsWith('points') ? 'points' : path);

/** "Request a paper": stores the request, emails the author and the sponsor, then back to the meeting. */
export const submitRequest: PageFn<'submit-request'> = async ({ params, form, fields, formIssues, user, baseUrl, now }) => {
  const values: RequestFormValues = {
    topicId: field(form, 'topicId'),
    points: field(form, 'points'),
    ...personFields(form),
    dueDate: dateFields(form, 'dueDate'),
  };
  const again = (issues: FieldIssue[], status = 400, dateParts: DatePart[] = []) =>
    requestFormPage(params.meetingId, now, { values, issues, dateParts, status });

  if (!fields) {
    const due = parseDateParts(values.dueDate, 'Due date');
    return again(formIssues.map((i) => ({ ...i, field: rename(i.field) })), 400, due.ok ? [] : due.parts);
  }

  try {
    const request = await createRequest(params.meetingId, fields, baseUrl, now, staffActor(user));
    return redirect(`/staff/meetings/${params.meetingId}?sent=${request.id}`);
  } catch (error) {
    // The meeting itself missing is a 404 page; anything about the form goes back to the form.
    if (error instanceof NotFoundError && error.entity === 'topic') return again([{ field: 'topicId', message: 'Select a topic from the list' }]);
    if (error instanceof ConflictError) return again([{ field: 'topicId', message: error.message }], 409);
    if (error instanceof ValidationError) return again(error.issues.map((i) => ({ ...i, field: rename(i.field) })));
    throw error;
  }
};
