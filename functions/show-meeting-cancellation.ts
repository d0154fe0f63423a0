import { pageRoute } from '../shared/http/handler.js';
import { showCancellation } from '../shared/pages/cancellation.js';

export const handler = pageRoute('show-meeting-cancellation', showCancellation);
