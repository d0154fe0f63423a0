import { apiRoute, ok } from '../shared/http/handler.js';
import { updateTopic } from '../shared/app/planning.js';

export const handler = apiRoute('update-topic', async ({ params, body, now }) => ok(await updateTopic(params.topicId, body, now)));
