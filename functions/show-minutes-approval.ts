import { pageRoute } from '../shared/http/handler.js';
import { showMinutesApproval } from '../shared/pages/minutes.js';

export const handler = pageRoute('show-minutes-approval', showMinutesApproval);
