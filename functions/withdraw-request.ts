import { apiRoute, ok } from '../shared/http/handler.js';
import { withdrawRequest } from '../shared/app/planning.js';

export const handler = apiRoute('withdraw-request', async ({ params, now }) => ok(await withdrawRequest(params.meetingId, params.requestId, now)));
