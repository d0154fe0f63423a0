/** Page layer (called by functions/ wiring): The staff meeting page: agenda, paper tracking, actions, and the forms that change them. */
import { type PageReply, redirect, type PageFn } from '../http/handler.js';
import { getMeetingView, createAction, moveAgendaItem, withDeadlines, findMeeting } from '../app/planning.js';
import { dateFields, dateItems, daysLeftText, fieldErrors, tag, type DateParts, type FieldIssue, field, safeLocalPath } from '../views/forms.js';
import { actionView, updateFormErrors, type ActionUpdateForm } from './action-card.js';
import { missingPapers, staffActor } from '../domain/papers.js';
import { londonDate } from '../domain/time.js';
import { ValidationError, invalid, ConfirmationNeeded, ConflictError } from '../domain/errors.js';
import { publishAgenda } from '../app/papers.js';
import { agendaOrder, questionsToReview } from '../app/overview.js';
import { meetingSummary, shortDate, trackingTotals } from '../domain/overview.js';
import { minutesToApproveAtId } from '../app/minutes.js';
import { byCodePoint } from '../domain/order.js';

export interface RecordActionForm {
  values: { text: string; owner: string; targetDate?: DateParts };
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
  const [view, toReview, toApprove] = await Promise.all([getMeetingView(meetingId, now), questionsToReview(meetingId), minutesToApproveAtId(meetingId)]);
  const { meeting } = view;
  const requests = [...view.requests]
    .sort((a, b) => byCodePoint(a.dueDate, b.dueDate) || a.title.localeCompare(b.title))
    .map((r) => ({ ...r, due: shortDate(r.dueDate), statusTag: tag('request', r.status), timelinessTag: tag('timeliness', r.timeliness), daysLeftText: daysLeftText(r.daysLeft) }));
  const summary = meetingSummary(meeting, view.requests, toReview, now);
  const recordErrors = fieldErrors(opts.record?.issues ?? [], (f) => (f === 'targetDate' ? 'action-targetDate-day' : `action-${f}`));
  const updateErrors = updateFormErrors(opts.update);
  return {
    view: 'meeting.njk',
    status: opts.status ?? 200,
    data: {
      section: 'meetings',
      meeting: { ...meeting, statusTag: tag('meeting', meeting.status) },
      openForPlanning: meeting.status === 'planned' || meeting.status === 'agenda-published',
      summary,
      // Issue 12 §3: from the meeting's day until it is held (it also counts as held once it has ended).
      // Issue 13: the minutes once the meeting is held; the previous meeting's, to approve here.
      minutesLink: meeting.status === 'held',
      toApprove,
      canMarkHeld: (meeting.status === 'planned' || meeting.status === 'agenda-published') && londonDate(now.toISOString()) >= londonDate(meeting.start),
      agenda: view.agenda,
      requests,
      totals: trackingTotals(view.requests),
      sent: opts.sent ? view.requests.find((r) => r.id === opts.sent) : undefined,
      actions: view.actions.map((a) => actionView(a, opts.update, now)),
      mattersArising: view.mattersArising.map((a) => actionView(a, opts.update, now)),
      record: {
        values: opts.record?.values ?? { text: '', owner: '' },
        errors: recordErrors,
        targetDateItems: dateItems('action-targetDate', opts.record?.values.targetDate ?? {}, recordErrors.byField.targetDate ? ['day', 'month', 'year'] : []),
      },
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

export const showMeeting: PageFn<'show-meeting'> = async ({ params, event, now }) =>
  meetingPage(params.meetingId, now, { sent: event.queryStringParameters?.sent, published: event.queryStringParameters?.published === '1' });

/** The "Record an action" form on a meeting page. */
export const submitAction: PageFn<'submit-action'> = async ({ params, form, fields, formIssues, user, now }) => {
  const values = { text: field(form, 'text'), owner: field(form, 'owner'), targetDate: dateFields(form, 'targetDate') };
  const back = safeLocalPath(field(form, 'returnTo'), `/staff/meetings/${params.meetingId}#actions`);
  if (!fields) return meetingPage(params.meetingId, now, { record: { values, issues: formIssues }, status: 400 });
  try {
    await createAction(params.meetingId, fields, user.email, now);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return meetingPage(params.meetingId, now, { record: { values, issues: error.issues }, status: 400 });
  }
  return redirect(back);
};

/** The agenda order's own page: the items with their Move up / Move down buttons. */
export const showAgendaOrder: PageFn<'show-agenda-order'> = async ({ params }) => {
  const { meeting, agenda } = await agendaOrder(params.meetingId);
  return {
    view: 'agenda-order.njk',
    data: {
      section: 'meetings',
      meeting,
      agenda: agenda.map((item, i, all) => ({ ...item, number: i + 1, first: i === 0, last: i === all.length - 1 })),
    },
  };
};

/** The "Move up" / "Move down" buttons: swap an agenda item with its neighbour, then back to the agenda order page. */
// The form carries the agenda's version as the page showed it, so two people moving items at once cannot both win.
export const submitAgendaMove: PageFn<'submit-agenda-move'> = async ({ params, fields, formIssues: [issue], now }) => {
  if (!fields) throw invalid(issue!.field, issue!.message);
  await moveAgendaItem(params.meetingId, params.itemId, fields.direction, fields.version, now);
  return redirect(`/staff/meetings/${params.meetingId}/agenda#agenda-item-${params.itemId}`);
};

/**
 * "Publish the agenda pack": publishes when every paper is accepted; otherwise a confirm step lists
 * the papers still missing (they show as "to follow") and posts again with `confirm=yes`.
 */
export const submitAgendaPublication: PageFn<'submit-agenda-publication'> = async ({ params, fields, user, baseUrl, now }) => {
  try {
    await publishAgenda(params.meetingId, fields?.confirm ?? false, staffActor(user), baseUrl, now);
    return redirect(`/staff/meetings/${params.meetingId}?published=1#publication`);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const meeting = await findMeeting(params.meetingId);
    if (!meeting) throw error;
    return {
      view: 'agenda-publication.njk',
      status: error instanceof ConfirmationNeeded ? 200 : 409,
      data: {
        section: 'meetings',
        meeting: withDeadlines(meeting),
        missing: error instanceof ConfirmationNeeded ? error.missing : [],
        problem: error instanceof ConfirmationNeeded ? undefined : error.message,
      },
    };
  }
};
