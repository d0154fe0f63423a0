import { pageRoute } from '../shared/http/handler.js';
import { showTopics } from '../shared/pages/topics.js';

export const handler = pageRoute('show-topics', showTopics);
