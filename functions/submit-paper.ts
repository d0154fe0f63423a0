import { pageRoute } from '../shared/http/handler.js';
import { submitPaper } from '../shared/pages/paper.js';

export const handler = pageRoute('submit-paper', submitPaper);
