import { pageRoute } from '../shared/http/handler.js';
import { submitMinutesImportConfirm } from '../shared/pages/minutes-import.js';

export const handler = pageRoute('submit-minutes-import-confirm', submitMinutesImportConfirm);
