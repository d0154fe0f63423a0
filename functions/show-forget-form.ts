import { pageRoute } from '../shared/http/handler.js';
import { forgetContext } from '../shared/app/questions.js';

/** The deletion link from the acknowledgement email: confirm before deleting (a GET never deletes). */
export const handler = pageRoute('show-forget-form', async ({ params }) => {
  const found = await forgetContext(params.questionId, params.key);
  return { view: 'question-forget.njk', data: { ...found, state: found.hasPersonalData ? 'confirm' : 'gone', action: `/questions/${params.questionId}/forget/${params.key}` } };
});
