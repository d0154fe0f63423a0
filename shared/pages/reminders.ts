/** Page layer (called by functions/ wiring): The staff reminders page: what goes out before a meeting and the switch that pauses it. */
import { redirect, type PageFn } from '../http/handler.js';
import { meetingReminders, setReminderSwitches } from '../app/reminders.js';
import { ValidationError } from '../domain/errors.js';
import { emailTag } from '../views/forms.js';

export const showReminders: PageFn<'show-reminders'> = async ({ params, now }) => {
  const view = await meetingReminders(params.meetingId, now);
  return {
    view: 'reminders.njk',
    data: {
      ...view,
      log: view.log.map((l) => ({ ...l, tag: emailTag(l.status) })),
      // The switches as GOV.UK checkboxes: ticked = on.
      kindItems: view.kinds.map((k) => ({ value: k.kind, text: k.label, checked: !k.off })),
      recipientItems: view.recipients.map((p) => ({ value: p.email, text: p.name, hint: { text: p.email, classes: 'app-break-anywhere' }, checked: !p.off })),
      section: 'meetings',
      title: 'Reminders',
    },
  };
};

/** The one form of switches (checkboxes, ticked = on): every switch saved at once. */
export const submitReminderSwitch: PageFn<'submit-reminder-switch'> = async ({ params, fields, formIssues, user, now }) => {
  if (!fields) throw new ValidationError('That switch is not one of this meeting’s reminders. Reload the page and try again.', formIssues);
  await setReminderSwitches(params.meetingId, fields, user.email, now);
  return redirect(`/staff/meetings/${params.meetingId}/reminders#switches`);
};
