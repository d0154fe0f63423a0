import { apiRoute, created } from '../shared/http/handler.js';
import { createMeetingSeries } from '../shared/app/planning.js';

export const handler = apiRoute('create-meeting-series', async ({ body, now }) => created({ meetings: await createMeetingSeries(body, now) }));
