import { apiRoute, ok } from '../shared/http/handler.js';
import { resendRequest, staffActor } from '../shared/app/planning.js';

export const handler = apiRoute('resend-request', async ({ params, user, baseUrl, now }) =>
  ok(await resendRequest(params.meetingId, params.requestId, baseUrl, now, staffActor(user))),
);
