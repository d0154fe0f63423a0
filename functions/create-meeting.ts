import { apiRoute, created } from '../shared/http/handler.js';
import { createMeetings } from '../shared/app/planning.js';

export const handler = apiRoute('create-meeting', async ({ body, now }) => {
  const [meeting] = await createMeetings([body], now);
  return created(meeting);
});
