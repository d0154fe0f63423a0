import { pageRoute } from '../shared/http/handler.js';
import { showForgetForm } from '../shared/pages/question-form.js';

export const handler = pageRoute('show-forget-form', showForgetForm);
