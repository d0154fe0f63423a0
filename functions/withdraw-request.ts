import { apiRoute, ok } from '../shared/http/handler.js';
import { withdrawRequest, staffActor } from '../shared/app/planning.js';

export const handler = apiRoute('withdraw-request', async ({ params, user, now }) =>
  ok(await withdrawRequest(params.meetingId, params.requestId, now, staffActor(user))),
);
