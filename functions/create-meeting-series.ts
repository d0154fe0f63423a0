import { apiRoute, created } from '../shared/http/handler.js';
import { createMeetings } from '../shared/app/planning.js';
import { seriesStarts } from '../shared/domain/meetings.js';

export const handler = apiRoute('create-meeting-series', async ({ body, now }) => {
  const { title, place, livestreamUrl } = body;
  const meetings = await createMeetings(seriesStarts(body).map((start) => ({ title, place, livestreamUrl, start })), now);
  return created({ meetings });
});
