import { pageRoute } from '../shared/http/handler.js';
import { submitQuestion } from '../shared/pages/question-form.js';

export const handler = pageRoute('submit-question', submitQuestion);
