import { apiRoute, ok } from '../shared/http/handler.js';
import { meetingReminders } from '../shared/app/reminders.js';

export const handler = apiRoute('list-reminders', async ({ params, now }) => ok(await meetingReminders(params.meetingId, now)));
