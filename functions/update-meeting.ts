import { apiRoute, ok } from '../shared/http/handler.js';
import { updateMeetingWithConsequences } from '../shared/app/meeting-admin.js';

export const handler = apiRoute('update-meeting', async ({ params, body, now }) => ok(await updateMeetingWithConsequences(params.meetingId, body, now)));
