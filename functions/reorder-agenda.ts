import { apiRoute, ok } from '../shared/http/handler.js';
import { reorderAgenda } from '../shared/app/planning.js';

export const handler = apiRoute('reorder-agenda', async ({ params, body, now }) =>
  ok(await reorderAgenda(params.meetingId, body.order, body.version, now)),
);
