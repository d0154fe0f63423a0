import { pageRoute } from '../shared/http/handler.js';
import { showSearch } from '../shared/pages/archive.js';

export const handler = pageRoute('show-search', showSearch);
