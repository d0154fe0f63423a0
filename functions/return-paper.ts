import { apiRoute, ok } from '../shared/http/handler.js';
import { returnPaper } from '../shared/app/papers.js';
import { staffActor } from '../shared/domain/papers.js';

export const handler = apiRoute('return-paper', async ({ params, body, user, now }) =>
  ok(await returnPaper(params.meetingId, params.requestId, body.comments, staffActor(user), now)),
);
