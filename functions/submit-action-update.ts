import { pageRoute, redirect } from '../shared/http/handler.js';
import { updateAction } from '../shared/app/planning.js';
import { ValidationError } from '../shared/domain/errors.js';
import { field, safeLocalPath, type FieldIssue } from '../shared/views/forms.js';
import { actionsPage, type ActionUpdateForm } from './show-actions.js';
import { meetingPage } from './show-meeting.js';

/** Which page the form was on (its `returnTo`), to show it again with the errors. */
function formPage(returnTo: string, fallbackMeetingId: string, now: Date, update: ActionUpdateForm) {
  if (returnTo.startsWith('/staff/actions')) return actionsPage(now, { update, status: 400 });
  const onMeeting = /^\/staff\/meetings\/([0-9A-HJKMNP-TV-Z]{26})(?:[/?#]|$)/.exec(returnTo)?.[1];
  return meetingPage(onMeeting ?? fallbackMeetingId, now, { update, status: 400 });
}

/** The update form on each action (meeting page and actions page): a new status and a note. */
export const handler = pageRoute('submit-action-update', async ({ params, form, fields, formIssues, user, now }) => {
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
});
