/**
 * Pages in public: security headers on every page, CSRF protection on every staff form post,
 * session cookies HttpOnly + SameSite (+ Secure in AWS), and HSTS in AWS. Routes come from the
 * route table, so a new page or form is covered without editing this file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { routeList, type RouteName } from '../../../shared/routes.js';
import { resetConfig } from '../../../shared/config.js';
import { useLocalEnv } from '../../../infra/local/env.js';
import { lambdaContext } from '../../../infra/local/server.js';
import { csrfTokenFor } from '../../../shared/http/csrf.js';
import { buildEvent, samples } from '../../../infra/local/make-events.js';
import { endpoints, tokenFor } from '../../support/http.js';
import { call, makeWorld, staffToken, withCsrf, type World } from '../../support/world.js';
import { pathOf, sampleOf } from './support.js';

let world: World;
let staff: string;
const cookieOf = (token: string) => `session=${token}`;

beforeAll(async () => {
  staff = await staffToken();
  world = await makeWorld(endpoints().app, staff);
});

const pages = routeList.filter((r) => r.kind === 'page' && r.method === 'GET');
const staffForms = routeList.filter((r) => r.kind === 'page' && r.access === 'staff' && r.method !== 'GET');

describe('security headers', () => {
  it.each(pages.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', async (_label, route) => {
    const sample = sampleOf(route.name, world);
    const path = pathOf(route, world) + (sample.query ? `?${new URLSearchParams(sample.query).toString()}` : '');
    const r = await call(world.base, { method: 'GET', path, now: world.now, cookie: cookieOf(staff) });
    expect(r.status, `${path}: ${r.text.slice(0, 200)}`).toBeLessThan(500);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    if (!r.headers.get('content-type')?.startsWith('text/html')) return; // a redirect to a download, or the CSV
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(r.headers.get('x-frame-options')).toBe('DENY');
    // Every inline script carries the page's nonce.
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    for (const tag of r.text.match(/<script\b[^>]*>/g) ?? []) if (!/\bsrc=/.test(tag)) expect(tag).toContain(`nonce="${nonce}"`);
    // Local runs are plain HTTP: no HSTS (it would pin localhost to HTTPS in the browser).
    expect(r.headers.get('strict-transport-security')).toBeNull();
  });

  it('API answers are nosniff JSON', async () => {
    const r = await call(world.base, { method: 'GET', path: `/api/meetings/${world.meetingId}`, token: staff });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('CSRF protection on staff form posts', () => {
  it('every form on every staff page posts its session’s token', async () => {
    const token = csrfTokenFor(staff);
    let forms = 0;
    for (const route of pages.filter((r) => r.access === 'staff')) {
      const sample = sampleOf(route.name, world);
      const path = pathOf(route, world) + (sample.query ? `?${new URLSearchParams(sample.query).toString()}` : '');
      const r = await call(world.base, { method: 'GET', path, now: world.now, cookie: cookieOf(staff) });
      for (const form of r.text.match(/<form\b[^>]*method="post"[\s\S]*?<\/form>/g) ?? []) {
        const action = /action="([^"]*)"/.exec(form)?.[1] ?? '';
        if (!action.startsWith('/')) continue; // not this site's (there are none on staff pages)
        forms += 1;
        expect(form, `${path}: the form posting to ${action}`).toContain(`<input type="hidden" name="csrf" value="${token}">`);
      }
    }
    expect(forms).toBeGreaterThan(10);
  });

  it.each(staffForms.map((r) => [`${r.method} ${r.path}`, r] as const))('%s: refused without the token, or with another session’s', async (_label, route) => {
    const sample = sampleOf(route.name, world);
    const path = pathOf(route, world);
    const other = await tokenFor('engagement.officer@example.org');
    for (const form of [sample.form ?? {}, withCsrf(other, sample.form), { ...sample.form, csrf: '' }, { ...sample.form, csrf: [csrfTokenFor(staff), 'x'] }]) {
      const r = await call(world.base, { method: 'POST', path, now: world.now, cookie: cookieOf(staff), form });
      expect(r.status, `${path} ${JSON.stringify(form).slice(0, 200)}: ${r.text.slice(0, 200)}`).toBe(403);
      expect(r.text).toContain('This form could not be sent');
      expect(r.text).toContain('reload the page and send the form again');
      expect(r.text).not.toContain('staff group');
    }
  });

  it('a form with the token goes through; the same form without it changes nothing', async () => {
    const title = `Countering Terrorism ${randomUUID().slice(0, 8)}`;
    const fields = { title, points: 'Prevent referrals', source: 'staff' };
    const refused = await call(world.base, { method: 'POST', path: '/staff/topics', now: world.now, cookie: cookieOf(staff), form: fields });
    expect(refused.status).toBe(403);
    const listed = async () => ((await call(world.base, { method: 'GET', path: '/api/topics', token: staff })).json.topics as { title: string }[]).filter((t) => t.title === title);
    expect(await listed()).toEqual([]);
    const sent = await call(world.base, { method: 'POST', path: '/staff/topics', now: world.now, cookie: cookieOf(staff), form: withCsrf(staff, fields) });
    expect(sent.status, sent.text.slice(0, 300)).toBe(303);
    expect(await listed()).toHaveLength(1);
  });

  it('a staff API call needs the Authorization header: the session cookie alone (what a cross-site form sends) is 401', async () => {
    const path = `/api/meetings/${world.meetingId}/requests/${world.otherRequestId}/withdraw`;
    const r = await call(world.base, { method: 'POST', path, cookie: cookieOf(staff), now: world.now });
    expect(r.status).toBe(401);
    // Reads too: API Gateway's JWT authorizer reads only the header (the local server does the same).
    const read = await call(world.base, { method: 'GET', path: `/api/meetings/${world.meetingId}`, cookie: cookieOf(staff) });
    expect(read.status).toBe(401);
    const still = await call(world.base, { method: 'GET', path: `/api/meetings/${world.meetingId}/requests/${world.otherRequestId}`, token: staff });
    expect(still.json.status).not.toBe('withdrawn');
  });
});

describe('session cookies', () => {
  it('locally (plain HTTP): HttpOnly, SameSite=Lax, Path=/, eight hours; signing out clears it the same way', async () => {
    const r = await call(world.base, { method: 'POST', path: '/sign-in', form: { email: 'engagement.manager@example.org', password: 'scrutiny-local' } });
    expect(r.status).toBe(303);
    const cookie = r.headers.getSetCookie().find((c) => c.startsWith('session='))!;
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; Max-Age=28800/);
    const out = await call(world.base, { method: 'POST', path: '/sign-out', cookie: cookie.split(';')[0], form: {} });
    const cleared = out.headers.getSetCookie().find((c) => c.startsWith('session='))!;
    expect(cleared).toMatch(/^session=;.*HttpOnly.*SameSite=Lax.*Max-Age=0/);
  });
});

describe('in AWS (SECURE_COOKIES=true, as the stack sets it)', () => {
  type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
  const saved = { ...process.env };
  const invoke = async (name: RouteName, sampleCase?: string) => {
    const sample = samples[name].find((s) => !sampleCase || s.case === sampleCase)!;
    const { handler } = (await import(pathToFileURL(join(process.cwd(), 'functions', `${name}.ts`)).href)) as { handler: Handler };
    const event = buildEvent(name, sample);
    delete event.headers['x-scrutiny-now'];
    return handler(event, lambdaContext(name));
  };

  beforeAll(() => {
    // As the stack configures functions in AWS: secure cookies, no clock header.
    useLocalEnv(endpoints(), { SECURE_COOKIES: 'true', ALLOW_CLOCK_HEADER: 'false' });
  });
  afterAll(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    resetConfig();
  });

  it('pages, redirects and API answers carry HSTS', async () => {
    for (const [name, kase] of [['show-privacy'], ['get-openapi'], ['show-meetings', 'signed-out'], ['sign-in', 'wrong-password']] as [RouteName, string?][]) {
      const r = await invoke(name, kase);
      expect(r.headers?.['strict-transport-security'], name).toBe('max-age=63072000; includeSubDomains');
    }
  });

  it('the session cookie is Secure, HttpOnly and SameSite=Lax', async () => {
    const r = await invoke('sign-in', 'sample');
    expect(r.statusCode).toBe(303);
    const cookie = r.cookies?.find((c) => c.startsWith('session='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Secure/);
  });
});
