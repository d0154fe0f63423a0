/** Page layer (called by functions/ wiring): The staff actions pages: every open action across meetings, and adding or updating one. */
import { type PageReply, redirect, type PageFn } from '../http/handler.js';
import { type Action } from '../schemas/entities.js';
import { tag, type FieldIssue, field, safeLocalPath } from '../views/forms.js';
import { updateAction, meetingsFrom, openActions } from '../app/planning.js';
import { ValidationError } from '../domain/errors.js';
import { meetingPage } from './meeting.js';
import { actionView, updateFormErrors, type ActionUpdateForm } from './action-card.js';

const byMeetingThenCreation = (a: Action, b: Action) => a.meetingStart.localeCompare(b.meetingStart) || a.createdAt.localeCompare(b.createdAt);

/** Every open or ongoing action, and the matters arising for the next meeting. */
export async function actionsPage(now: Date, opts: { update?: ActionUpdateForm; status?: number } = {}): Promise<PageReply> {
  const [open, upcoming] = await Promise.all([openActions(), meetingsFrom(now.toISOString())]);
  const next = upcoming.find((m) => m.status !== 'cancelled');
  const sorted = [...open].sort(byMeetingThenCreation);
  const errors = updateFormErrors(opts.update);
  return {
    view: 'actions.njk',
    status: opts.status ?? 200,
    data: {
      section: 'actions',
      next,
      mattersArising: next ? sorted.filter((a) => a.meetingStart < next.start).map((a) => ({ ...a, statusTag: tag('action', a.status) })) : [],
      actions: sorted.map((a) => actionView(a, opts.update)),
      errors,
      returnTo: '/staff/actions',
    },
  };
}

export const showActions: PageFn<'show-actions'> = async ({ now }) => actionsPage(now);

/** Which page the form was on (its `returnTo`), to show it again with the errors. */
function formPage(returnTo: string, fallbackMeetingId: string, now: Date, update: ActionUpdateForm) {
  if (returnTo.startsWith('/staff/actions')) return actionsPage(now, { update, status: 400 });
  const onMeeting = /^\/staff\/meetings\/([0-9A-HJKMNP-TV-Z]{26})(?:[/?#]|$)/.exec(returnTo)?.[1];
  return meetingPage(onMeeting ?? fallbackMeetingId, now, { update, status: 400 });
}

/** The update form on each action (meeting page and actions page): a new status and a note. */
export const submitActionUpdate: PageFn<'submit-action-update'> = async ({ params, form, fields, formIssues, user, now }) => {
  const values = { status: field(form, 'status'), note: field(form, 'note') };
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
