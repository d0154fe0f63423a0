import { pageRoute } from '../shared/http/handler.js';
import { showSeriesForm } from '../shared/pages/series.js';

export const handler = pageRoute('show-meeting-series', showSeriesForm);
