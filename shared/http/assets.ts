/**
 * The site's static files, all under /assets/: our stylesheet (GOV.UK Frontend's Sass compiled with
 * our brand settings, `app/app.css`), the organisation's colour (`app/brand.css`, made from the
 * settings), our own small scripts and icon (`app/`), and GOV.UK Frontend's script. Nothing else:
 * GOV.UK's fonts (GDS Transport) and its crown and arms images are GOV.UK's alone, so they are
 * neither referenced nor served.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { config } from '../config.js';

/** Where infra/tools/build-styles.ts writes app.css, from the repository root. */
export const COMPILED_STYLES = '.build/assets';

/** What we serve, by extension: no fonts. */
const types: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The only file served from outside our own folder: GOV.UK Frontend's script, which init.js loads. */
const GOVUK_SCRIPT = 'govuk-frontend.min.js';

/** Folders searched in order for `app/...`; in a Lambda bundle everything sits in ASSETS_DIR (see the CDK construct). */
function folders(): { app: string[]; govuk: string } {
  const dir = config().ASSETS_DIR;
  if (dir) return { app: [join(dir, 'app')], govuk: dir };
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  return {
    app: [join(root, COMPILED_STYLES), join(root, 'shared/views/assets')],
    govuk: join(root, 'node_modules/govuk-frontend/dist/govuk'),
  };
}

/** 4.5:1 against the header's text is WCAG AA; white unless black reads better on the colour. */
function relativeLuminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The text colour that contrasts best with `background` (#rrggbb): white or GOV.UK's black. */
export function textColourOn(background: string): '#ffffff' | '#0b0c0c' {
  const l = relativeLuminance(background);
  const onWhite = 1.05 / (l + 0.05);
  const onBlack = (l + 0.05) / (relativeLuminance('#0b0c0c') + 0.05);
  return onWhite >= onBlack ? '#ffffff' : '#0b0c0c';
}

/**
 * The organisation's colour as a stylesheet, so the Content-Security-Policy (`style-src 'self'`)
 * needs no inline style. The colour is checked by config (#rrggbb), so nothing else can get in.
 */
export function brandCss(colour = config().ORGANISATION_COLOUR): string {
  const text = textColourOn(colour);
  return [
    // GOV.UK Frontend's own brand colour (footer border, notification banners) where white text reads on it.
    ...(text === '#ffffff' ? [`:root{--govuk-brand-colour:${colour}}`] : [`.govuk-footer{border-top-color:${colour}}`]),
    `.govuk-generic-header{background:${colour};--govuk-text-colour:${text};color:${text}}`,
    `.govuk-generic-header__homepage-link:link,.govuk-generic-header__homepage-link:visited{color:${text}}`,
    '',
  ].join('\n');
}

const notFound: APIGatewayProxyStructuredResultV2 = { statusCode: 404, headers: { 'content-type': 'text/plain' }, body: 'Not found' };

const headers = (type: string) => ({ 'content-type': type, 'cache-control': 'public, max-age=3600', 'x-content-type-options': 'nosniff' });

export const serveAsset = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const path = normalize(event.pathParameters?.proxy ?? '');
  const type = types[extname(path)];
  if (!type || path.startsWith('..') || path.includes('\0')) return notFound;
  if (path === 'app/brand.css') return { statusCode: 200, headers: headers(type), body: brandCss() };
  const { app, govuk } = folders();
  const candidates = path === GOVUK_SCRIPT ? [join(govuk, GOVUK_SCRIPT)] : path.startsWith('app/') ? app.map((dir) => join(dir, path.slice(4))) : [];
  for (const file of candidates) {
    try {
      const body = await readFile(file);
      return { statusCode: 200, headers: headers(type), body: body.toString('base64'), isBase64Encoded: true };
    } catch {
      // try the next folder
    }
  }
  return notFound;
};
