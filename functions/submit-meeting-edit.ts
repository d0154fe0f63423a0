import { pageRoute } from '../shared/http/handler.js';
import { submitMeetingEdit } from '../shared/pages/meeting-edit.js';

export const handler = pageRoute('submit-meeting-edit', submitMeetingEdit);
