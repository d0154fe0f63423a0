import { pageRoute, type PageReply } from '../shared/http/handler.js';
import { listTopics, withDeadlines } from '../shared/app/planning.js';
import { meetingStore } from '../shared/store/store.js';
import { NotFoundError } from '../shared/domain/errors.js';
import { dateItems, datePartsOf, fieldErrors, type DatePart, type DateParts, type FieldIssue } from '../shared/views/forms.js';

export interface RequestFormValues {
  topicId: string;
  points: string;
  'sponsor-name': string;
  'sponsor-email': string;
  'author-name': string;
  'author-email': string;
  dueDate: DateParts;
}

/** The form's fields in order, for the error summary. */
export const requestFields = ['topicId', 'points', 'sponsor.name', 'sponsor.email', 'author.name', 'author.email', 'dueDate'];

/** The "Request a paper" form for one meeting. */
export async function requestFormPage(
  meetingId: string,
  now: Date,
  opts: { topicId?: string; values?: RequestFormValues; issues?: FieldIssue[]; dateParts?: DatePart[]; status?: number } = {},
): Promise<PageReply> {
  const [bundle, topics] = await Promise.all([meetingStore.bundle(meetingId), listTopics()]);
  if (!bundle) throw new NotFoundError(`There is no meeting with id ${meetingId}`);
  const meeting = withDeadlines(bundle.meeting);
  const requested = new Set(bundle.requests.filter((r) => r.status !== 'withdrawn').map((r) => r.topicId));
  // Open topics, and topics already on this meeting's agenda that have no paper requested yet.
  const choices = topics.filter((t) => t.status === 'open' || (t.status === 'scheduled' && t.meetingId === meetingId && !requested.has(t.id)));
  const preselected = choices.find((t) => t.id === opts.topicId);
  const values: RequestFormValues = opts.values ?? {
    topicId: preselected?.id ?? '',
    points: preselected?.points.join('\n') ?? '',
    'sponsor-name': '',
    'sponsor-email': '',
    'author-name': '',
    'author-email': '',
    dueDate: datePartsOf(meeting.deadlines.papersDue),
  };
  const dateParts = opts.dateParts ?? [];
  const errors = fieldErrors(
    [...(opts.issues ?? [])].sort((a, b) => requestFields.indexOf(a.field) - requestFields.indexOf(b.field)),
    (f) => (f === 'dueDate' ? `dueDate-${dateParts[0] ?? 'day'}` : f.replace(/\./g, '-')),
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
      dueExample: Object.values(datePartsOf(meeting.deadlines.papersDue)).join(' '),
      values,
      errors,
      dateItems: dateItems('dueDate', values.dueDate, errors.byField.dueDate ? (dateParts.length ? dateParts : ['day', 'month', 'year']) : []),
    },
  };
}

export const handler = pageRoute('show-request-form', async ({ params, event, now }) =>
  requestFormPage(params.meetingId, now, { topicId: event.queryStringParameters?.topicId }),
);
