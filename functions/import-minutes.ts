import { apiRoute, ok } from '../shared/http/handler.js';
import { proposeFromBody } from '../shared/app/minutes-import.js';

export const handler = apiRoute('import-minutes', async ({ event }) => ok(await proposeFromBody(event)));
