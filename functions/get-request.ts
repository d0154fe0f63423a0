import { apiRoute, ok } from '../shared/http/handler.js';
import { getRequest } from '../shared/app/papers.js';

export const handler = apiRoute('get-request', async ({ params, now }) => ok(await getRequest(params.meetingId, params.requestId, now)));
