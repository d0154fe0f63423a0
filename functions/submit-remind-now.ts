import { pageRoute } from '../shared/http/handler.js';
import { submitRemindNow } from '../shared/pages/staff-home.js';

export const handler = pageRoute('submit-remind-now', submitRemindNow);
