import { pageRoute } from '../shared/http/handler.js';
import { submitMeetingHeld } from '../shared/pages/meeting-edit.js';

export const handler = pageRoute('submit-meeting-held', submitMeetingHeld);
