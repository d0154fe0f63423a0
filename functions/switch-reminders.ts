import { apiRoute, ok } from '../shared/http/handler.js';
import { switchReminders } from '../shared/app/reminders.js';

export const handler = apiRoute('switch-reminders', async ({ params, body, user, now }) =>
  ok(await switchReminders(params.meetingId, body, user.email, now)),
);
