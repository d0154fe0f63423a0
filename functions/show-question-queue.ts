import { pageRoute } from '../shared/http/handler.js';
import { showQuestionQueue } from '../shared/pages/queue.js';

export const handler = pageRoute('show-question-queue', showQuestionQueue);
