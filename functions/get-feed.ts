import { apiRoute } from '../shared/http/handler.js';
import { archiveFeed } from '../shared/app/archive.js';

export const handler = apiRoute('get-feed', async ({ now, baseUrl }) => ({
  status: 200,
  headers: { 'content-type': 'application/atom+xml; charset=utf-8', 'cache-control': 'public, max-age=300' },
  body: await archiveFeed(now, baseUrl),
}));
