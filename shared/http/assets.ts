/** GOV.UK Frontend's styles, scripts, fonts and images, and our own small scripts under /assets/app/. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { config } from '../config.js';

const types: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
};

/** Folders searched in order: in a Lambda bundle everything sits in ASSETS_DIR (see the CDK construct). */
function folders(): { prefix: string; dir: string }[] {
  const dir = config().ASSETS_DIR;
  if (dir) return [{ prefix: 'app/', dir: join(dir, 'app') }, { prefix: '', dir }];
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const govuk = join(root, 'node_modules/govuk-frontend/dist/govuk');
  return [
    { prefix: 'app/', dir: join(root, 'shared/views/assets') },
    { prefix: '', dir: join(govuk, 'assets') },
    { prefix: '', dir: govuk },
  ];
}

const notFound: APIGatewayProxyStructuredResultV2 = { statusCode: 404, headers: { 'content-type': 'text/plain' }, body: 'Not found' };

export const serveAsset = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const path = normalize(event.pathParameters?.proxy ?? '');
  const type = types[extname(path)];
  if (!type || path.startsWith('..') || path.includes('\0')) return notFound;
  for (const { prefix, dir } of folders()) {
    if (!path.startsWith(prefix)) continue;
    try {
      const body = await readFile(join(dir, path.slice(prefix.length)));
      return {
        statusCode: 200,
        headers: { 'content-type': type, 'cache-control': 'public, max-age=3600', 'x-content-type-options': 'nosniff' },
        body: body.toString('base64'),
        isBase64Encoded: true,
      };
    } catch {
      // try the next folder
    }
  }
  return notFound;
};
