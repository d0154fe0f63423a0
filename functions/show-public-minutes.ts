import { pageRoute } from '../shared/http/handler.js';
import { showPublicMinutes } from '../shared/pages/minutes.js';

export const handler = pageRoute('show-public-minutes', showPublicMinutes);
