import { apiRoute, ok } from '../shared/http/handler.js';
import { withdrawRequest } from '../shared/app/planning.js';
import { staffActor } from '../shared/domain/papers.js';

export const handler = apiRoute('withdraw-request', async ({ params, user, now }) =>
  ok(await withdrawRequest(params.meetingId, params.requestId, now, staffActor(user))),
);
