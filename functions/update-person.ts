import { apiRoute, ok } from '../shared/http/handler.js';
import { updatePerson } from '../shared/app/people.js';

export const handler = apiRoute('update-person', async ({ params, body, now }) => ok(await updatePerson(params.personId, body, now)));
