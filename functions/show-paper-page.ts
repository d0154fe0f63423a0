import { pageRoute } from '../shared/http/handler.js';
import { showPaperPage } from '../shared/pages/paper.js';

export const handler = pageRoute('show-paper-page', showPaperPage);
