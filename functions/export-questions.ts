import { pageRoute } from '../shared/http/handler.js';
import { exportQuestions } from '../shared/pages/queue.js';

export const handler = pageRoute('export-questions', exportQuestions);
