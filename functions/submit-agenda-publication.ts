import { pageRoute } from '../shared/http/handler.js';
import { submitAgendaPublication } from '../shared/pages/meeting.js';

export const handler = pageRoute('submit-agenda-publication', submitAgendaPublication);
