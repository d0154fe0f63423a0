import { pageRoute } from '../shared/http/handler.js';
import { showMeetingEdit } from '../shared/pages/meeting-edit.js';

export const handler = pageRoute('show-meeting-edit', showMeetingEdit);
