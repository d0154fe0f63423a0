import { pageRoute } from '../shared/http/handler.js';
import { downloadPublicPaper } from '../shared/pages/public-meeting.js';

export const handler = pageRoute('download-public-paper', downloadPublicPaper);
