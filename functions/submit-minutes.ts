import { pageRoute } from '../shared/http/handler.js';
import { submitMinutes } from '../shared/pages/minutes.js';

export const handler = pageRoute('submit-minutes', submitMinutes);
