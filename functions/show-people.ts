import { pageRoute } from '../shared/http/handler.js';
import { showPeople } from '../shared/pages/people.js';

export const handler = pageRoute('show-people', showPeople);
