import { apiRoute, ok } from '../shared/http/handler.js';
import { reviewQuestion } from '../shared/app/questions.js';

export const handler = apiRoute('review-question', async ({ params, body, user, now }) =>
  ok(await reviewQuestion(params.meetingId, params.questionId, body, user.email, now)),
);
