import { apiRoute, ok } from '../shared/http/handler.js';
import { updateMeeting } from '../shared/app/planning.js';

export const handler = apiRoute('update-meeting', async ({ params, body, now }) => ok(await updateMeeting(params.meetingId, body, now)));
