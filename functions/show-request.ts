import { pageRoute } from '../shared/http/handler.js';
import { showRequest } from '../shared/pages/request.js';

export const handler = pageRoute('show-request', showRequest);
