import { apiRoute, ok } from '../shared/http/handler.js';
import { listPeople } from '../shared/app/people.js';

export const handler = apiRoute('list-people', async () => ok({ people: await listPeople() }));
