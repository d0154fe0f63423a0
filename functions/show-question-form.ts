import { pageRoute } from '../shared/http/handler.js';
import { showQuestionForm } from '../shared/pages/question-form.js';

export const handler = pageRoute('show-question-form', showQuestionForm);
