import { pageRoute } from '../shared/http/handler.js';
import { questionSettings } from '../shared/app/questions.js';
import { config } from '../shared/config.js';

/** The privacy notice for public questions: what is kept, why, who sees it, for how long. */
export const handler = pageRoute('show-privacy', async () => ({
  view: 'privacy.njk',
  data: { retentionMonths: questionSettings().retentionMonths, contact: config().ENGAGEMENT_MANAGER_EMAIL },
}));
