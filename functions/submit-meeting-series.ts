import { pageRoute } from '../shared/http/handler.js';
import { submitSeries } from '../shared/pages/series.js';

export const handler = pageRoute('submit-meeting-series', submitSeries);
