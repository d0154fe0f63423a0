import { pageRoute, type PageReply } from '../shared/http/handler.js';
import { getMeetingView } from '../shared/app/planning.js';
import { daysLeftText, fieldErrors, tag, type FieldIssue } from '../shared/views/forms.js';
import { actionView, updateFormErrors, type ActionUpdateForm } from './show-actions.js';
import { missingPapers } from '../shared/domain/papers.js';
import { londonDate } from '../shared/domain/time.js';

export interface RecordActionForm {
  values: { text: string; owner: string };
  issues: FieldIssue[];
}

/**
 * One meeting: its details and deadlines, the agenda with move buttons, the papers being tracked,
 * the actions raised at it and the matters arising from earlier meetings.
 */
export async function meetingPage(
  meetingId: string,
  now: Date,
  opts: { sent?: string; published?: boolean; record?: RecordActionForm; update?: ActionUpdateForm; status?: number } = {},
): Promise<PageReply> {
  const view = await getMeetingView(meetingId, now);
  const { meeting } = view;
  const requests = [...view.requests]
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.title.localeCompare(b.title))
    .map((r) => ({ ...r, statusTag: tag('request', r.status), timelinessTag: tag('timeliness', r.timeliness), daysLeftText: daysLeftText(r.daysLeft) }));
  const recordErrors = fieldErrors(opts.record?.issues ?? [], (f) => `action-${f}`);
  const updateErrors = updateFormErrors(opts.update);
  return {
    view: 'meeting.njk',
    status: opts.status ?? 200,
    data: {
      section: 'meetings',
      meeting: { ...meeting, statusTag: tag('meeting', meeting.status) },
      openForPlanning: meeting.status === 'planned' || meeting.status === 'agenda-published',
      agenda: view.agenda.map((item, i, all) => ({ ...item, number: i + 1, first: i === 0, last: i === all.length - 1 })),
      requests,
      sent: opts.sent ? view.requests.find((r) => r.id === opts.sent) : undefined,
      actions: view.actions.map((a) => actionView(a, opts.update)),
      mattersArising: view.mattersArising.map((a) => actionView(a, opts.update)),
      record: { values: opts.record?.values ?? { text: '', owner: '' }, errors: recordErrors },
      errors: { summary: [...recordErrors.summary, ...updateErrors.summary] },
      returnTo: `/staff/meetings/${meeting.id}`,
      publication: {
        open: londonDate(now.toISOString()) >= meeting.deadlines.agendaPublication,
        missing: missingPapers(meeting, view.agenda, view.requests),
        justPublished: opts.published === true,
      },
    },
  };
}

export const handler = pageRoute('show-meeting', async ({ params, event, now }) =>
  meetingPage(params.meetingId, now, { sent: event.queryStringParameters?.sent, published: event.queryStringParameters?.published === '1' }),
);
