import { pageRoute } from '../shared/http/handler.js';
import { submitAgendaMove } from '../shared/pages/meeting.js';

export const handler = pageRoute('submit-agenda-move', submitAgendaMove);
