import { pageRoute } from '../shared/http/handler.js';
import { submitRequest } from '../shared/pages/request-form.js';

export const handler = pageRoute('submit-request', submitRequest);
