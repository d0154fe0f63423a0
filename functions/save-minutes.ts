import { apiRoute, ok } from '../shared/http/handler.js';
import { saveMinutes } from '../shared/app/minutes.js';

export const handler = apiRoute('save-minutes', async ({ params, body, user, now }) => ok(await saveMinutes(params.meetingId, body, user.email, now)));
