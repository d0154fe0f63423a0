import { pageRoute } from '../shared/http/handler.js';
import { downloadStaffMinutes } from '../shared/pages/minutes-docx.js';

export const handler = pageRoute('download-staff-minutes', downloadStaffMinutes);
