import { pageRoute } from '../shared/http/handler.js';
import { showQuestionFormNext } from '../shared/pages/question-form.js';

export const handler = pageRoute('show-question-form-next', showQuestionFormNext);
