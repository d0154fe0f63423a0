import { pageRoute } from '../shared/http/handler.js';
import { submitPersonEdit } from '../shared/pages/people.js';

export const handler = pageRoute('submit-person-edit', submitPersonEdit);
