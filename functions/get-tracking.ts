import { apiRoute, ok } from '../shared/http/handler.js';
import { tracking } from '../shared/app/planning.js';

export const handler = apiRoute('get-tracking', async ({ params, now }) => ok(await tracking(params.meetingId, now)));
