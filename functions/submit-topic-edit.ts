import { pageRoute } from '../shared/http/handler.js';
import { submitTopicEdit } from '../shared/pages/topic-edit.js';

export const handler = pageRoute('submit-topic-edit', submitTopicEdit);
