import { apiRoute } from '../shared/http/handler.js';
import { meetingsFeed } from '../shared/app/planning.js';

export const handler = apiRoute('get-calendar', async ({ now, baseUrl }) => ({
  status: 200,
  headers: { 'content-type': 'text/calendar; charset=utf-8', 'content-disposition': 'inline; filename="meetings.ics"', 'cache-control': 'public, max-age=300' },
  body: await meetingsFeed(now, baseUrl),
}));
