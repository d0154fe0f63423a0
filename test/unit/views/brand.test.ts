/**
 * Our own brand, not GOV.UK's (issue 12 §4): the stylesheet compiled from GOV.UK Frontend's Sass sets
 * Arial and carries no GDS Transport, no @font-face and no image (the crown and the arms are GOV.UK's
 * alone); the asset route serves it and our own files, never GOV.UK's fonts or images; the asset
 * function's bundle (the CDK construct's copy commands, run here) holds exactly those; and a page
 * rendered through the layout has the Generic header with the organisation's name, the beta banner
 * with its feedback link, and no crown, arms or GOV.UK icon.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { execSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { buildStyles } from '../../../infra/tools/build-styles.js';
import { precompileViews } from '../../../infra/tools/precompile-views.js';
import { filesBesideBundle } from '../../../infra/constructs/route-function.js';
import { brandCss, COMPILED_STYLES, serveAsset, textColourOn } from '../../../shared/http/assets.js';
import { resetConfig } from '../../../shared/config.js';
import { render } from '../../../shared/views/render.js';

const root = resolve(__dirname, '../../..');
let css: string;
beforeAll(() => {
  // Written where the asset route and the CDK construct read it, as `npm start` and `cdk synth` do.
  css = readFileSync(buildStyles(join(root, COMPILED_STYLES)), 'utf8');
  const views = mkdtempSync(join(tmpdir(), 'scrutiny-views-'));
  precompileViews(views);
  process.env.VIEWS_DIR = views;
  resetConfig();
}, 120_000); // compiling GOV.UK Frontend's Sass and every template takes seconds, more on a busy machine

const asset = (proxy: string) => serveAsset({ pathParameters: { proxy } } as unknown as APIGatewayProxyEventV2);
const bodyOf = (r: { body?: string; isBase64Encoded?: boolean }) => (r.isBase64Encoded ? Buffer.from(r.body ?? '', 'base64').toString() : (r.body ?? ''));

describe('the compiled stylesheet', () => {
  it('sets Arial and has no GDS Transport, no @font-face and no image at all', () => {
    // Booleans, not the 140 KB stylesheet, in a failure message.
    expect(css.includes('font-family:arial,sans-serif')).toBe(true);
    expect(/GDS Transport/i.test(css), 'GDS Transport').toBe(false);
    expect(css.includes('@font-face'), '@font-face').toBe(false);
    expect(/\.woff2?/.test(css), 'a font file').toBe(false);
    // No image at all: GOV.UK's only one in these components is the arms (govuk-crest.svg).
    expect(css.includes('url('), 'url(').toBe(false);
    expect(css.includes('.svg'), '.svg').toBe(false);
  });

  it('has GOV.UK Frontend’s components, the Generic header among them, and our own table container', () => {
    for (const cls of ['.govuk-generic-header', '.govuk-phase-banner', '.govuk-footer', '.govuk-table', '.govuk-button', '.govuk-tag--red']) expect(css.includes(cls), cls).toBe(true);
    expect(css.includes('.app-table-container{position:relative;overflow-x:auto'), '.app-table-container').toBe(true);
  });
});

describe('the organisation’s colour', () => {
  it('is a stylesheet for the header, with whichever of white or black text reads better on it', () => {
    expect(textColourOn('#1d3d5c')).toBe('#ffffff');
    expect(textColourOn('#ffdd00')).toBe('#0b0c0c');
    expect(brandCss('#1d3d5c')).toContain('.govuk-generic-header{background:#1d3d5c;--govuk-text-colour:#ffffff');
    expect(brandCss('#1d3d5c')).toContain('--govuk-brand-colour:#1d3d5c');
    expect(brandCss('#ffdd00')).toContain('color:#0b0c0c');
    expect(brandCss('#ffdd00')).not.toContain('--govuk-brand-colour');
  });

  it('comes from the settings, which refuse anything but #rrggbb (so nothing else reaches a stylesheet)', async () => {
    process.env.ORGANISATION_COLOUR = '#5c1d3d';
    resetConfig();
    try {
      const res = await asset('app/brand.css');
      expect(res.statusCode).toBe(200);
      expect(res.headers?.['content-type']).toBe('text/css; charset=utf-8');
      expect(bodyOf(res)).toContain('background:#5c1d3d');
      process.env.ORGANISATION_COLOUR = 'red;}body{display:none';
      resetConfig();
      await expect(asset('app/brand.css')).rejects.toThrow(/ORGANISATION_COLOUR/);
    } finally {
      delete process.env.ORGANISATION_COLOUR;
      resetConfig();
    }
  });
});

describe('the asset route', () => {
  it('serves our stylesheet, scripts and icon, and GOV.UK Frontend’s script', async () => {
    for (const [path, type] of [
      ['app/app.css', 'text/css; charset=utf-8'],
      ['app/init.js', 'text/javascript; charset=utf-8'],
      ['app/favicon.svg', 'image/svg+xml'],
      ['govuk-frontend.min.js', 'text/javascript; charset=utf-8'],
    ]) {
      const res = await asset(path!);
      expect(res.statusCode, path).toBe(200);
      expect(res.headers?.['content-type'], path).toBe(type);
    }
    expect(bodyOf(await asset('app/app.css'))).toBe(readFileSync(join(root, COMPILED_STYLES, 'app.css'), 'utf8'));
  });

  it('serves no GOV.UK font, image or stylesheet, and nothing outside its folders', async () => {
    for (const path of [
      'fonts/bold-b542beb274-v2.woff2',
      'fonts/light-f591b13f7d-v2.woff',
      'images/govuk-crest.svg',
      'images/favicon.svg',
      'images/govuk-icon-180.png',
      'govuk-frontend.min.css',
      'manifest.json',
      'app/../govuk-frontend.min.css',
      '../package.json',
      'app/../../package.json',
    ]) {
      expect((await asset(path)).statusCode, path).toBe(404);
    }
  });
});

describe('the asset function’s bundle (the CDK construct’s copy commands)', () => {
  it('holds our stylesheet, our files and GOV.UK Frontend’s script, and no font or GOV.UK image', () => {
    const out = mkdtempSync(join(tmpdir(), 'scrutiny-asset-bundle-'));
    const route = { name: 'serve-asset', method: 'GET', path: '/assets/{proxy+}', kind: 'asset', summary: 'assets' } as const;
    for (const command of filesBesideBundle(route, root, out)) execSync(command, { stdio: 'pipe' });
    const files = readdirSync(out, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(out, join(entry.parentPath, entry.name)));
    expect(files.sort()).toEqual(['assets/app/app.css', 'assets/app/favicon.svg', 'assets/app/init.js', 'assets/govuk-frontend.min.js']);
  });
});

describe('a page through the layout', () => {
  const page = () => render('error.njk', { status: 404 });

  it('has the Generic header with the organisation’s name, the service name and the beta banner with a feedback email', () => {
    const html = page();
    expect(html).toMatch(/<div class="govuk-generic-header">[\s\S]*Office of the Police and Crime Commissioner/);
    expect(html).toContain('govuk-service-navigation__service-name');
    expect(html).toMatch(/govuk-phase-banner[\s\S]*Beta[\s\S]*href="mailto:engagement.manager@example.org"/);
    expect(html).toContain('<link rel="stylesheet" href="/assets/app/app.css">');
    expect(html).toContain('<link rel="stylesheet" href="/assets/app/brand.css">');
    expect(html).toContain('<meta name="theme-color" content="#1d3d5c">');
  });

  it('has no crown, no arms, no GOV.UK icon or font, and no GOV.UK stylesheet', () => {
    const html = page();
    for (const gone of ['govuk-logo', 'govuk-header', 'govuk-footer__crown', 'govuk-footer__copyright-logo', 'govuk-footer__licence-logo', 'govuk-crest', 'favicon.ico', 'govuk-icon', 'manifest.json', 'govuk-opengraph', '/assets/images/', '/assets/fonts/', 'govuk-frontend.min.css', 'GOV.UK']) {
      expect(html, gone).not.toContain(gone);
    }
    expect(html).toContain('© Office of the Police and Crime Commissioner');
  });

  it('takes the organisation’s name, link and feedback address from the settings', async () => {
    Object.assign(process.env, { ORGANISATION_NAME: 'Office of the Mayor <West Yorkshire>', ORGANISATION_URL: 'https://www.westyorks-ca.gov.uk', FEEDBACK_EMAIL: 'feedback@example.org' });
    try {
      // The render environment reads the settings once, as a Lambda does: fresh modules here.
      vi.resetModules();
      const { render: fresh } = await import('../../../shared/views/render.js');
      const html = fresh('error.njk', { status: 404 });
      expect(html).toContain('Office of the Mayor &lt;West Yorkshire&gt;');
      expect(html).toContain('href="https://www.westyorks-ca.gov.uk" class="govuk-generic-header__homepage-link"');
      expect(html).toContain('href="mailto:feedback@example.org"');
    } finally {
      for (const k of ['ORGANISATION_NAME', 'ORGANISATION_URL', 'FEEDBACK_EMAIL']) delete process.env[k];
      resetConfig();
    }
  });
});
