import { pageRoute } from '../shared/http/handler.js';
import { submitTopic } from '../shared/pages/topics.js';

export const handler = pageRoute('submit-topic', submitTopic);
