import { apiRoute, ok } from '../shared/http/handler.js';
import { acceptPaper, staffActor } from '../shared/app/papers.js';

export const handler = apiRoute('accept-paper', async ({ params, user, now }) => ok(await acceptPaper(params.meetingId, params.requestId, staffActor(user), now)));
