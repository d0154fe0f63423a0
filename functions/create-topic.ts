import { apiRoute, created } from '../shared/http/handler.js';
import { createTopic } from '../shared/app/planning.js';

export const handler = apiRoute('create-topic', async ({ body, now }) => created(await createTopic(body, now)));
