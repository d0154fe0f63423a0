import { pageRoute } from '../shared/http/handler.js';
import { showActions } from '../shared/pages/actions.js';

export const handler = pageRoute('show-actions', showActions);
