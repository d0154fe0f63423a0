import { pageRoute } from '../shared/http/handler.js';
import { showArchive } from '../shared/pages/archive.js';

export const handler = pageRoute('show-archive', showArchive);
