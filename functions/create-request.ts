import { apiRoute, created } from '../shared/http/handler.js';
import { createRequest } from '../shared/app/planning.js';

export const handler = apiRoute('create-request', async ({ params, body, baseUrl, now }) =>
  created(await createRequest(params.meetingId, body, baseUrl, now)),
);
