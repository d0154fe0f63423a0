import { pageRoute } from '../shared/http/handler.js';
import { showAgendaOrder } from '../shared/pages/meeting.js';

export const handler = pageRoute('show-agenda-order', showAgendaOrder);
