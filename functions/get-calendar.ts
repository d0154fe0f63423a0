import { apiRoute } from '../shared/http/handler.js';
import { meetingStore } from '../shared/store/store.js';
import { meetingsCalendar } from '../shared/calendar.js';

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** Meetings from a year ago onwards, so subscribers keep recent history. */
export const handler = apiRoute('get-calendar', async ({ now, baseUrl }) => {
  const meetings = await meetingStore.list(new Date(now.getTime() - YEAR_MS).toISOString());
  return {
    status: 200,
    headers: { 'content-type': 'text/calendar; charset=utf-8', 'content-disposition': 'inline; filename="meetings.ics"', 'cache-control': 'public, max-age=300' },
    body: meetingsCalendar(meetings, baseUrl),
  };
});
