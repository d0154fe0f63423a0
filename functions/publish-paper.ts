import { apiRoute, ok } from '../shared/http/handler.js';
import { publishPaper, staffActor } from '../shared/app/papers.js';

export const handler = apiRoute('publish-paper', async ({ params, user, baseUrl, now }) =>
  ok(await publishPaper(params.meetingId, params.requestId, staffActor(user), baseUrl, now)),
);
