import { pageRoute } from '../shared/http/handler.js';
import { showPersonEdit } from '../shared/pages/people.js';

export const handler = pageRoute('show-person-edit', showPersonEdit);
