import { pageRoute, redirect } from '../shared/http/handler.js';
import { switchReminders } from '../shared/app/reminders.js';
import { ReminderSwitchInput } from '../shared/schemas/reminders.js';
import { ValidationError } from '../shared/domain/errors.js';
import { field } from '../shared/views/forms.js';

/** The "Switch off" / "Switch on" buttons: one kind or one recipient per press. */
export const handler = pageRoute('submit-reminder-switch', async ({ params, form, user, now }) => {
  const parsed = ReminderSwitchInput.safeParse({
    kind: field(form, 'kind') || undefined,
    recipient: field(form, 'recipient') || undefined,
    off: field(form, 'off') === 'true',
  });
  if (!parsed.success) throw new ValidationError('That switch is not one of this meeting’s reminders', parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
  await switchReminders(params.meetingId, parsed.data, user.email, now);
  return redirect(`/staff/meetings/${params.meetingId}/reminders`);
});
