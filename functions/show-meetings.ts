import { pageRoute } from '../shared/http/handler.js';
import { showMeetings } from '../shared/pages/meetings.js';

export const handler = pageRoute('show-meetings', showMeetings);
