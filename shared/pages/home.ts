/** Page layer (called by functions/ wiring): The public home page: the next meetings and how to ask a question. */
import { type PageFn } from '../http/handler.js';
import { questionSettings } from '../app/questions.js';
import { meetingsFrom } from '../app/planning.js';
import { config } from '../config.js';

/** Meetings run about two hours; one that started recently is still worth its livestream link. */
const IN_PROGRESS_MS = 3 * 60 * 60 * 1000;

/** The public home page: meetings in progress and to come, with where to watch them. */
export const showHome: PageFn<'show-home'> = async ({ now }) => {
  const meetings = await meetingsFrom(new Date(now.getTime() - IN_PROGRESS_MS).toISOString());
  return { view: 'home.njk', data: { meetings } };
};

/** The privacy notice for public questions: what is kept, why, who sees it, for how long. */
export const showPrivacy: PageFn<'show-privacy'> = async () => ({
  view: 'privacy.njk',
  data: { retentionMonths: questionSettings().retentionMonths, contact: config().ENGAGEMENT_MANAGER_EMAIL },
});
