import { pageRoute } from '../shared/http/handler.js';
import { showAgendaItemForm } from '../shared/pages/agenda-item.js';

export const handler = pageRoute('show-agenda-item-form', showAgendaItemForm);
