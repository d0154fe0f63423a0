import { pageRoute } from '../shared/http/handler.js';
import { submitMinutesPublish } from '../shared/pages/minutes.js';

export const handler = pageRoute('submit-minutes-publish', submitMinutesPublish);
