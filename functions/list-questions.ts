import { apiRoute, ok } from '../shared/http/handler.js';
import { listQuestions } from '../shared/app/questions.js';

export const handler = apiRoute('list-questions', async ({ params }) => {
  const { meeting, questions } = await listQuestions(params.meetingId);
  return ok({ meeting, questions });
});
