import { pageRoute } from '../shared/http/handler.js';
import { submitMinutesApproval } from '../shared/pages/minutes.js';

export const handler = pageRoute('submit-minutes-approval', submitMinutesApproval);
