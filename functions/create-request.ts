import { apiRoute, created } from '../shared/http/handler.js';
import { createRequest, staffActor } from '../shared/app/planning.js';

export const handler = apiRoute('create-request', async ({ params, body, user, baseUrl, now }) =>
  created(await createRequest(params.meetingId, body, baseUrl, now, staffActor(user))),
);
