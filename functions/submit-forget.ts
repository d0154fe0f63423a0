import { pageRoute } from '../shared/http/handler.js';
import { submitForget } from '../shared/pages/question-form.js';

export const handler = pageRoute('submit-forget', submitForget);
