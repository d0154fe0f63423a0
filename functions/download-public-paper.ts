import { pageRoute, redirect } from '../shared/http/handler.js';
import { publicDownload } from '../shared/app/papers.js';

/** Everyone: download a published paper (a redirect to a link that works for a few minutes). */
export const handler = pageRoute('download-public-paper', async ({ params }) => redirect(await publicDownload(params.meetingId, params.requestId)));
