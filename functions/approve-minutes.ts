import { apiRoute, ok } from '../shared/http/handler.js';
import { approveMinutes } from '../shared/app/minutes.js';

export const handler = apiRoute('approve-minutes', async ({ params, body, user, now }) => ok(await approveMinutes(params.meetingId, body, user.email, now)));
