import { pageRoute } from '../shared/http/handler.js';
import { showTopicEdit } from '../shared/pages/topic-edit.js';

export const handler = pageRoute('show-topic-edit', showTopicEdit);
