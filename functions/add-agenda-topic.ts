import { apiRoute, created } from '../shared/http/handler.js';
import { addAgendaTopic } from '../shared/app/planning.js';

export const handler = apiRoute('add-agenda-topic', async ({ params, body, now }) =>
  created(await addAgendaTopic(params.meetingId, body.topicId, body.version, now)),
);
