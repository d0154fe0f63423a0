import { pageRoute } from '../shared/http/handler.js';
import { submitMeeting } from '../shared/pages/meetings.js';

export const handler = pageRoute('submit-meeting', submitMeeting);
