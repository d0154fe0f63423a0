import { pageRoute } from '../shared/http/handler.js';
import { showMinutes } from '../shared/pages/minutes.js';

export const handler = pageRoute('show-minutes', showMinutes);
