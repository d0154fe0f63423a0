import { pageRoute } from '../shared/http/handler.js';
import { checkPaperUpload } from '../shared/pages/paper.js';

export const handler = pageRoute('check-paper-upload', checkPaperUpload);
