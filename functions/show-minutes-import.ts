import { pageRoute } from '../shared/http/handler.js';
import { showMinutesImport } from '../shared/pages/minutes-import.js';

export const handler = pageRoute('show-minutes-import', showMinutesImport);
