import { apiRoute, ok } from '../shared/http/handler.js';
import { listQuestions } from '../shared/app/questions.js';

export const handler = apiRoute('list-questions', async ({ params, query }) => ok(await listQuestions(params.meetingId, query)));
