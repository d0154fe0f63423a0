import { apiRoute, ok } from '../shared/http/handler.js';
import { publishPaper } from '../shared/app/papers.js';
import { staffActor } from '../shared/domain/papers.js';

export const handler = apiRoute('publish-paper', async ({ params, user, baseUrl, now }) =>
  ok(await publishPaper(params.meetingId, params.requestId, staffActor(user), baseUrl, now)),
);
