import { apiRoute, ok } from '../shared/http/handler.js';
import { listTopics } from '../shared/app/planning.js';

export const handler = apiRoute('list-topics', async () => ok({ topics: await listTopics() }));
