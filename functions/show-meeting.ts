import { pageRoute } from '../shared/http/handler.js';
import { showMeeting } from '../shared/pages/meeting.js';

export const handler = pageRoute('show-meeting', showMeeting);
