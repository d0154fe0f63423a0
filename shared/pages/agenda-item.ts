/** Page layer (called by functions/ wiring): add a verbal update or a presentation (an agenda item without a paper) to a meeting (issue 12 §3). */
import { type PageReply, redirect, type PageFn } from '../http/handler.js';
import { listTopics, withDeadlines } from '../app/planning.js';
import { addAgendaItem, agendaOf } from '../app/agenda-items.js';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';
import { fieldErrors, field, type FieldIssue } from '../views/forms.js';

export interface AgendaItemValues {
  topicId: string;
  title: string;
  format: string;
  presenter: string;
}

async function formPage(meetingId: string, opts: { values?: AgendaItemValues; issues?: FieldIssue[]; problem?: string; status?: number } = {}): Promise<PageReply> {
  const [found, topics] = await Promise.all([agendaOf(meetingId), listTopics()]);
  if (!found) throw new NotFoundError(`There is no meeting with id ${meetingId}`, 'meeting');
  const meeting = withDeadlines(found.meeting);
  const open = topics.filter((t) => t.status === 'open');
  const values = opts.values ?? { topicId: '', title: '', format: '', presenter: '' };
  return {
    view: 'agenda-item.njk',
    status: opts.status ?? 200,
    data: {
      section: 'meetings',
      meeting,
      openForPlanning: meeting.status === 'planned' || meeting.status === 'agenda-published',
      topicOptions: [{ value: '', text: 'None: it has its own title' }, ...open.map((t) => ({ value: t.id, text: t.title, selected: t.id === values.topicId }))],
      hasTopics: open.length > 0,
      values,
      errors: fieldErrors(opts.issues ?? []),
      problem: opts.problem,
    },
  };
}

export const showAgendaItemForm: PageFn<'show-agenda-item-form'> = async ({ params }) => formPage(params.meetingId);

export const submitAgendaItem: PageFn<'submit-agenda-item'> = async ({ params, form, fields, formIssues, now }) => {
  const values: AgendaItemValues = {
    topicId: field(form, 'topicId'),
    title: field(form, 'title'),
    format: field(form, 'format'),
    presenter: field(form, 'presenter'),
  };
  if (!fields) {
    if (formIssues.some((i) => i.field === 'version')) throw new ValidationError('The form is out of date. Reload the page and try again.', formIssues);
    return formPage(params.meetingId, { values, issues: formIssues, status: 400 });
  }
  try {
    const { item } = await addAgendaItem(params.meetingId, fields, now);
    return redirect(`/staff/meetings/${params.meetingId}#agenda-item-${item.id}`);
  } catch (error) {
    if (error instanceof NotFoundError && error.entity === 'topic') return formPage(params.meetingId, { values, issues: [{ field: 'topicId', message: 'Select a topic from the list' }], status: 400 });
    if (error instanceof ConflictError) return formPage(params.meetingId, { values, problem: error.message, status: 409 });
    if (error instanceof ValidationError) return formPage(params.meetingId, { values, issues: error.issues, status: 400 });
    throw error;
  }
};
