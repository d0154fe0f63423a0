import { apiRoute, ok } from '../shared/http/handler.js';
import { minutesApiView } from '../shared/app/minutes.js';

export const handler = apiRoute('get-minutes', async ({ params, now }) => ok(await minutesApiView(params.meetingId, now)));
