/** Page layer (called by functions/ wiring): The staff reminders page: what goes out before a meeting and the switch that pauses it. */
import { redirect, type PageFn } from '../http/handler.js';
import { meetingReminders, switchReminders } from '../app/reminders.js';
import { ValidationError } from '../domain/errors.js';

export const showReminders: PageFn<'show-reminders'> = async ({ params, now }) => ({
  view: 'reminders.njk',
  data: { ...(await meetingReminders(params.meetingId, now)), section: 'meetings', title: 'Reminders' },
});

/** The "Switch off" / "Switch on" buttons: one kind or one recipient per press. */
export const submitReminderSwitch: PageFn<'submit-reminder-switch'> = async ({ params, fields, formIssues, user, now }) => {
  if (!fields) throw new ValidationError('That switch is not one of this meeting’s reminders', formIssues);
  await switchReminders(params.meetingId, fields, user.email, now);
  return redirect(`/staff/meetings/${params.meetingId}/reminders`);
};
