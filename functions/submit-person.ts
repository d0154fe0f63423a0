import { pageRoute } from '../shared/http/handler.js';
import { submitPerson } from '../shared/pages/people.js';

export const handler = pageRoute('submit-person', submitPerson);
