import { pageRoute, redirect } from '../shared/http/handler.js';
import { createAction } from '../shared/app/planning.js';
import { ValidationError } from '../shared/domain/errors.js';
import { CreateActionInput } from '../shared/schemas/entities.js';
import { field, safeLocalPath, zodIssues } from '../shared/views/forms.js';
import { meetingPage } from './show-meeting.js';

/** The "Record an action" form on a meeting page. */
export const handler = pageRoute('submit-action', async ({ params, form, user, now }) => {
  const values = { text: field(form, 'text'), owner: field(form, 'owner') };
  const back = safeLocalPath(field(form, 'returnTo'), `/staff/meetings/${params.meetingId}#actions`);
  const parsed = CreateActionInput.safeParse(values);
  if (!parsed.success) return meetingPage(params.meetingId, now, { record: { values, issues: zodIssues(parsed.error) }, status: 400 });
  try {
    await createAction(params.meetingId, parsed.data, user.email, now);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return meetingPage(params.meetingId, now, { record: { values, issues: error.issues }, status: 400 });
  }
  return redirect(back);
});
