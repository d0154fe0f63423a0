import { apiRoute, ok } from '../shared/http/handler.js';
import { cancelMeeting } from '../shared/app/cancellation.js';
import { staffActor } from '../shared/app/planning.js';

export const handler = apiRoute('cancel-meeting', async ({ params, body, user, now }) => ok(await cancelMeeting(params.meetingId, body, now, staffActor(user))));
