import { pageRoute } from '../shared/http/handler.js';
import { downloadPublicMinutes } from '../shared/pages/minutes-docx.js';

export const handler = pageRoute('download-public-minutes', downloadPublicMinutes);
