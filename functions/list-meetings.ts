import { apiRoute, ok } from '../shared/http/handler.js';
import { meetingStore } from '../shared/store/store.js';
import { withDeadlines } from '../shared/app/planning.js';
import { endOfLondonDay, parseLondonLocal } from '../shared/domain/time.js';

export const handler = apiRoute('list-meetings', async ({ query }) => {
  const from = query.from ? parseLondonLocal(`${query.from}T00:00`) : undefined;
  const to = query.to ? endOfLondonDay(query.to) : undefined;
  return ok({ meetings: (await meetingStore.list(from, to)).map(withDeadlines) });
});
