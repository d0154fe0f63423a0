import { apiRoute, created } from '../shared/http/handler.js';
import { createAction } from '../shared/app/planning.js';

export const handler = apiRoute('create-action', async ({ params, body, user, now }) =>
  created(await createAction(params.meetingId, body, user.email, now)),
);
