import { pageRoute } from '../shared/http/handler.js';
import { meetingStore } from '../shared/store/store.js';

/** Meetings run about two hours; one that started recently is still worth its livestream link. */
const IN_PROGRESS_MS = 3 * 60 * 60 * 1000;

/** The public home page: meetings in progress and to come, with where to watch them. */
export const handler = pageRoute('show-home', async ({ now }) => {
  const meetings = await meetingStore.list(new Date(now.getTime() - IN_PROGRESS_MS).toISOString());
  return { view: 'home.njk', data: { meetings } };
});
