import { apiRoute, ok } from '../shared/http/handler.js';
import { publishMinutes } from '../shared/app/minutes.js';

export const handler = apiRoute('publish-minutes', async ({ params, body, user, now }) => ok(await publishMinutes(params.meetingId, body.version, user.email, now)));
