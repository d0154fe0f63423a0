import { apiRoute, created, ok } from '../shared/http/handler.js';
import { confirmImport } from '../shared/app/minutes-import-confirm.js';

export const handler = apiRoute('confirm-minutes-import', async ({ body, user, now }) => {
  const done = await confirmImport(body, user.email, now);
  // Confirmed before: the meeting that import wrote, unchanged (200 rather than 201).
  return done.created ? created(done.meeting) : ok(done.meeting);
});
