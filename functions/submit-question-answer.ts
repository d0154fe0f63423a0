import { pageRoute } from '../shared/http/handler.js';
import { submitQuestionAnswer } from '../shared/pages/queue.js';

export const handler = pageRoute('submit-question-answer', submitQuestionAnswer);
