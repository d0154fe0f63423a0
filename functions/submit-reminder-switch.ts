import { pageRoute, redirect } from '../shared/http/handler.js';
import { switchReminders } from '../shared/app/reminders.js';
import { ValidationError } from '../shared/domain/errors.js';

/** The "Switch off" / "Switch on" buttons: one kind or one recipient per press. */
export const handler = pageRoute('submit-reminder-switch', async ({ params, fields, formIssues, user, now }) => {
  if (!fields) throw new ValidationError('That switch is not one of this meeting’s reminders', formIssues);
  await switchReminders(params.meetingId, fields, user.email, now);
  return redirect(`/staff/meetings/${params.meetingId}/reminders`);
});
