import { apiRoute, ok } from '../shared/http/handler.js';
import { mattersArising } from '../shared/app/planning.js';

export const handler = apiRoute('list-matters-arising', async ({ params }) => ok(await mattersArising(params.meetingId)));
