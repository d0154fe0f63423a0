import { pageRoute, redirect } from '../shared/http/handler.js';
import { staffDownload } from '../shared/app/papers.js';

/** Staff: download a version (a redirect to a link that works for a few minutes). */
export const handler = pageRoute('download-staff-paper', async ({ params }) =>
  redirect((await staffDownload(params.meetingId, params.requestId, params.versionId)).url),
);
