import { apiRoute, ok } from '../shared/http/handler.js';
import { acceptPaper } from '../shared/app/papers.js';
import { staffActor } from '../shared/domain/papers.js';

export const handler = apiRoute('accept-paper', async ({ params, user, now }) => ok(await acceptPaper(params.meetingId, params.requestId, staffActor(user), now)));
