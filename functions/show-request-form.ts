import { pageRoute } from '../shared/http/handler.js';
import { showRequestForm } from '../shared/pages/request-form.js';

export const handler = pageRoute('show-request-form', showRequestForm);
