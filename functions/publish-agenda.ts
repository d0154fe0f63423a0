import { apiRoute, ok } from '../shared/http/handler.js';
import { publishAgenda, staffActor } from '../shared/app/papers.js';

export const handler = apiRoute('publish-agenda', async ({ params, body, user, baseUrl, now }) =>
  ok(await publishAgenda(params.meetingId, body.confirm, staffActor(user), baseUrl, now)),
);
