import { pageRoute } from '../shared/http/handler.js';
import { submitAttendance } from '../shared/pages/minutes.js';

export const handler = pageRoute('submit-attendance', submitAttendance);
