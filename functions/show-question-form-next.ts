import { pageRoute } from '../shared/http/handler.js';
import { nextOpenMeeting, windowOf } from '../shared/app/questions.js';
import { questionFormPage } from './show-question-form.js';

/** "Ask a question": the form of the next meeting whose question window is open, or why there is none. */
export const handler = pageRoute('show-question-form-next', async ({ now }) => {
  const next = await nextOpenMeeting(now);
  if (!next) return { view: 'question-none.njk', data: {} };
  const { meeting, window } = windowOf(next, now);
  return questionFormPage(meeting, window, undefined);
});
