import { pageRoute } from '../shared/http/handler.js';
import { downloadStaffPaper } from '../shared/pages/request.js';

export const handler = pageRoute('download-staff-paper', downloadStaffPaper);
