import { apiRoute, ok } from '../shared/http/handler.js';
import { returnPaper, staffActor } from '../shared/app/papers.js';

export const handler = apiRoute('return-paper', async ({ params, body, user, now }) =>
  ok(await returnPaper(params.meetingId, params.requestId, body.comments, staffActor(user), now)),
);
