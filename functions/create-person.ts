import { apiRoute, created } from '../shared/http/handler.js';
import { createPerson } from '../shared/app/people.js';

export const handler = apiRoute('create-person', async ({ body, now }) => created(await createPerson(body, now)));
