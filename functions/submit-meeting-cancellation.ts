import { pageRoute } from '../shared/http/handler.js';
import { submitCancellation } from '../shared/pages/cancellation.js';

export const handler = pageRoute('submit-meeting-cancellation', submitCancellation);
