import { pageRoute } from '../shared/http/handler.js';
import { showHome } from '../shared/pages/home.js';

export const handler = pageRoute('show-home', showHome);
