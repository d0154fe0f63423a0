import { pageRoute } from '../shared/http/handler.js';
import { showPublicMeeting } from '../shared/pages/public-meeting.js';

export const handler = pageRoute('show-public-meeting', showPublicMeeting);
