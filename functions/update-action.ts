import { apiRoute, ok } from '../shared/http/handler.js';
import { updateAction } from '../shared/app/planning.js';

export const handler = apiRoute('update-action', async ({ params, body, user, now }) =>
  ok(await updateAction(params.meetingId, params.actionId, body, user.email, now)),
);
