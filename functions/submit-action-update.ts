import { pageRoute } from '../shared/http/handler.js';
import { submitActionUpdate } from '../shared/pages/actions.js';

export const handler = pageRoute('submit-action-update', submitActionUpdate);
