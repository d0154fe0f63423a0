import { apiRoute, ok } from '../shared/http/handler.js';
import { staffDownload } from '../shared/app/papers.js';

export const handler = apiRoute('download-paper', async ({ params }) => ok(await staffDownload(params.meetingId, params.requestId, params.versionId)));
