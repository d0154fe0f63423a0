import { pageRoute } from '../shared/http/handler.js';
import { meetingReminders } from '../shared/app/reminders.js';

export const handler = pageRoute('show-reminders', async ({ params, now }) => ({
  view: 'reminders.njk',
  data: { ...(await meetingReminders(params.meetingId, now)), section: 'meetings', title: 'Reminders' },
}));
