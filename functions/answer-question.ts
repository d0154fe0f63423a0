import { apiRoute, ok } from '../shared/http/handler.js';
import { answerQuestion } from '../shared/app/questions.js';

export const handler = apiRoute('answer-question', async ({ params, body, user, now }) =>
  ok(await answerQuestion(params.meetingId, params.questionId, body, user.email, now)),
);
