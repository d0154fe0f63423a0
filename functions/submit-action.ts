import { pageRoute, redirect } from '../shared/http/handler.js';
import { createAction } from '../shared/app/planning.js';
import { ValidationError } from '../shared/domain/errors.js';
import { field, safeLocalPath } from '../shared/views/forms.js';
import { meetingPage } from './show-meeting.js';

/** The "Record an action" form on a meeting page. */
export const handler = pageRoute('submit-action', async ({ params, form, fields, formIssues, user, now }) => {
  const values = { text: field(form, 'text'), owner: field(form, 'owner') };
  const back = safeLocalPath(field(form, 'returnTo'), `/staff/meetings/${params.meetingId}#actions`);
  if (!fields) return meetingPage(params.meetingId, now, { record: { values, issues: formIssues }, status: 400 });
  try {
    await createAction(params.meetingId, fields, user.email, now);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return meetingPage(params.meetingId, now, { record: { values, issues: error.issues }, status: 400 });
  }
  return redirect(back);
});
