import { pageRoute } from '../shared/http/handler.js';
import { forgetSubmitter } from '../shared/app/questions.js';

/** Delete the submitter's name and email now; the question stays. Repeating it is harmless. */
export const handler = pageRoute('submit-forget', async ({ params }) => {
  const { reference } = await forgetSubmitter(params.questionId, params.key);
  return { view: 'question-forget.njk', data: { reference, state: 'deleted' } };
});
