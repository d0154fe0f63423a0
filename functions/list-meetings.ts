import { apiRoute, ok } from '../shared/http/handler.js';
import { listMeetings } from '../shared/app/planning.js';

export const handler = apiRoute('list-meetings', async ({ query, now }) => ok({ meetings: await listMeetings(query, now) }));
