import { apiRoute, ok } from '../shared/http/handler.js';
import { getMeetingView } from '../shared/app/planning.js';

export const handler = apiRoute('get-meeting', async ({ params, now }) => ok(await getMeetingView(params.meetingId, now)));
