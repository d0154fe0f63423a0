import { apiRoute, created } from '../shared/http/handler.js';
import { addAgendaItem } from '../shared/app/agenda-items.js';

export const handler = apiRoute('add-agenda-item', async ({ params, body, now }) => {
  const { meeting, agenda } = await addAgendaItem(params.meetingId, body, now);
  return created({ meeting, agenda });
});
