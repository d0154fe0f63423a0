import { pageRoute } from '../shared/http/handler.js';
import { submitAction } from '../shared/pages/meeting.js';

export const handler = pageRoute('submit-action', submitAction);
