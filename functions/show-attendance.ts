import { pageRoute } from '../shared/http/handler.js';
import { showAttendance } from '../shared/pages/minutes.js';

export const handler = pageRoute('show-attendance', showAttendance);
