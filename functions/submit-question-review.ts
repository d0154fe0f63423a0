import { pageRoute } from '../shared/http/handler.js';
import { submitQuestionReview } from '../shared/pages/queue.js';

export const handler = pageRoute('submit-question-review', submitQuestionReview);
