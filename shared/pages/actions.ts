/** Page layer (called by functions/ wiring): The staff actions pages: every open action across meetings, and adding or updating one. */
import { type PageReply, redirect, type PageFn } from '../http/handler.js';
import { ActionsQuery, actionStatusFilters } from '../schemas/entities.js';
import { dateFields, type FieldIssue, field, safeLocalPath } from '../views/forms.js';
import { updateAction, meetingsFrom } from '../app/planning.js';
import { listActions, type ActionStatusFilter } from '../app/actions-list.js';
import { isMatterArising } from '../domain/actions.js';
import { formatLondonDate } from '../domain/time.js';
import { ValidationError } from '../domain/errors.js';
import { meetingPage } from './meeting.js';
import { actionView, updateFormErrors, type ActionUpdateForm } from './action-card.js';

const statusLabels: Record<ActionStatusFilter, string> = {
  outstanding: 'Open or ongoing',
  open: 'Open',
  ongoing: 'Ongoing',
  completed: 'Completed',
  all: 'All',
};

export interface ActionsFilter {
  status: ActionStatusFilter;
  meeting?: string;
}

/**
 * Every action once, filtered by status and meeting (a GET form: works without JavaScript), overdue
 * ones marked; and how many are matters arising at the next meeting (linked, not listed again).
 */
export async function actionsPage(now: Date, opts: { filter?: ActionsFilter; update?: ActionUpdateForm; status?: number } = {}): Promise<PageReply> {
  const filter: ActionsFilter = opts.filter ?? { status: 'outstanding' };
  const meetingId = filter.meeting || undefined;
  const [list, meetings] = await Promise.all([listActions({ status: filter.status, meetingId }), meetingsFrom()]);
  const at = now.toISOString();
  const next = meetings.find((m) => m.start >= at && m.status !== 'cancelled');
  const chosen = meetingId ? meetings.find((m) => m.id === meetingId) : undefined;
  const actions = list.map((a) => actionView(a, opts.update, now));
  const query = new URLSearchParams({ status: filter.status, ...(meetingId ? { meeting: meetingId } : {}) }).toString();
  return {
    view: 'actions.njk',
    status: opts.status ?? 200,
    data: {
      section: 'actions',
      next,
      mattersArising: next && filter.status === 'outstanding' && !meetingId ? list.filter((a) => isMatterArising(a, next)).length : undefined,
      actions,
      overdue: actions.filter((a) => a.overdue).length,
      filter: { status: filter.status, meeting: meetingId ?? '', statusLabel: filter.status === 'all' ? '' : statusLabels[filter.status].toLowerCase(), chosenMeeting: chosen },
      statusOptions: actionStatusFilters.map((v) => ({ value: v, text: statusLabels[v], selected: v === filter.status })),
      meetingOptions: [
        { value: '', text: 'All meetings', selected: !meetingId },
        ...[...meetings].reverse().map((m) => ({ value: m.id, text: `${formatLondonDate(m.start)}`, selected: m.id === meetingId })),
      ],
      errors: updateFormErrors(opts.update),
      returnTo: `/staff/actions?${query}`,
    },
  };
}

export const showActions: PageFn<'show-actions'> = async ({ query, now }) => actionsPage(now, { filter: { status: query.status, meeting: query.meeting } });

/** Which page the form was on (its `returnTo`), to show it again with the errors. */
function formPage(returnTo: string, fallbackMeetingId: string, now: Date, update: ActionUpdateForm) {
  if (returnTo.startsWith('/staff/actions')) {
    const q = new URLSearchParams(returnTo.split('?')[1]?.split('#')[0] ?? '');
    const parsed = ActionsQuery.safeParse({ status: q.get('status') ?? undefined, meeting: q.get('meeting') ?? undefined });
    return actionsPage(now, { update, status: 400, ...(parsed.success ? { filter: parsed.data } : {}) });
  }
  const onMeeting = /^\/staff\/meetings\/([0-9A-HJKMNP-TV-Z]{26})(?:[/?#]|$)/.exec(returnTo)?.[1];
  return meetingPage(onMeeting ?? fallbackMeetingId, now, { update, status: 400 });
}

/** The update form on each action (meeting page and actions page): a new status and a note. */
export const submitActionUpdate: PageFn<'submit-action-update'> = async ({ params, form, fields, formIssues, user, now }) => {
  const values = { status: field(form, 'status'), note: field(form, 'note'), targetDate: dateFields(form, 'targetDate') };
  const returnTo = safeLocalPath(field(form, 'returnTo'), `/staff/meetings/${params.meetingId}#action-${params.actionId}`);
  const again = (issues: FieldIssue[]) => formPage(returnTo, params.meetingId, now, { actionId: params.actionId, values, issues });
  if (!fields) {
    const issues = formIssues.map((i) =>
      i.field === 'status' ? { ...i, message: 'Select the status of the action: open, ongoing or completed' } : i,
    );
    // A missing version means the form was not ours; that is not something the person can fix.
    if (issues.some((i) => i.field === 'version')) throw new ValidationError('The form is out of date. Reload the page and try again.', issues);
    return again(issues);
  }
  try {
    await updateAction(params.meetingId, params.actionId, fields, user.email, now);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return again(error.issues);
  }
  return redirect(returnTo);
};
