import { pageRoute } from '../shared/http/handler.js';
import { submitAgendaItem } from '../shared/pages/agenda-item.js';

export const handler = pageRoute('submit-agenda-item', submitAgendaItem);
