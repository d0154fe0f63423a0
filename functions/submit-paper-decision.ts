import { pageRoute } from '../shared/http/handler.js';
import { submitPaperDecision } from '../shared/pages/request.js';

export const handler = pageRoute('submit-paper-decision', submitPaperDecision);
