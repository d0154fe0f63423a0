/**
 * The authorization matrix, generated from the route table: every route, called over real HTTP
 * against the local stack by each kind of caller, gets the answer its access level promises.
 *
 * | caller \ access          | staff API | staff page                | author page  | public           |
 * | anonymous                | 401       | 303 to /sign-in?next=     | 404          | same as everyone |
 * | public (forged token)    | 401       | 303 to /sign-in?next=     | 404          | same as everyone |
 * | another request's link   | 401       | 303 to /sign-in?next=     | 404          | same as everyone |
 * | signed in, not staff     | 403       | 403 page                  | 404          | same as everyone |
 * | staff                    | allowed   | allowed                   | 404          | same as everyone |
 * | the author's own link    |           |                           | allowed      |                  |
 *
 * "Allowed" is never 401/403 nor a sign-in redirect, never 5xx, and 200 for reads of things that
 * exist. The member of the public sends a token they made themselves (their own key, the right
 * issuer and audience, claiming the staff group), as header and cookie. Author routes are tried by
 * everyone with a wrong secret, by the "author" with another request's secret, and by the owner.
 * Staff writes are aimed at a second world, so they cannot change what the other calls read.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { routeList, type RouteDef, type RouteName } from '../../../shared/routes.js';
import { endpoints } from '../../support/http.js';
import { call, makeWorld, observerToken, staffToken, withCsrf, type Call, type Reply, type World } from '../../support/world.js';
import { pathOf, sampleOf, type LinkChoice } from './support.js';

type Persona = 'anonymous' | 'public' | 'author' | 'observer' | 'staff' | 'owner';
type Route = RouteDef & { name: RouteName };

let world: World;
let writeWorld: World;
let staff: string;
let observer: string;
let forged: string;

beforeAll(async () => {
  staff = await staffToken();
  observer = await observerToken();
  const base = endpoints().app;
  [world, writeWorld] = await Promise.all([makeWorld(base, staff), makeWorld(base, staff)]);
  // A token made by someone outside: the right issuer, audience and claims, signed with their own key.
  const { privateKey } = await generateKeyPair('ES256');
  forged = await new SignJWT({ email: 'engagement.manager@example.org', name: 'Not really', 'cognito:groups': ['staff'], token_use: 'id' })
    .setProtectedHeader({ alg: 'ES256', kid: 'forged' })
    .setIssuer(`${base}/local-issuer`)
    .setAudience('scrutiny-cycle-local')
    .setSubject('engagement.manager@example.org')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey);
});

describe('a token that never expires (issue 14 §5)', () => {
  it('is refused by the API and by the staff pages, though signed by the right key for the right audience', async () => {
    // The local issuer's own key (what `npm run token` signs with), but no `exp` claim.
    const key = JSON.parse(readFileSync(join(process.cwd(), '.local/keys/issuer-key.json'), 'utf8')) as { kid: string; privateJwk: JWK };
    const base = endpoints().app;
    const forever = await new SignJWT({ email: 'engagement.manager@example.org', name: 'Engagement Manager', 'cognito:groups': ['staff'], token_use: 'id' })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid })
      .setIssuer(`${base}/local-issuer`)
      .setAudience('scrutiny-cycle-local')
      .setSubject('engagement.manager@example.org')
      .setIssuedAt()
      .sign(await importJWK(key.privateJwk, 'ES256'));
    const api = await call(base, { method: 'GET', path: '/api/topics', token: forever });
    expect(api.status).toBe(401);
    const page = await call(base, { method: 'GET', path: '/staff', cookie: `session=${forever}` });
    expect([302, 303, 401]).toContain(page.status);
    expect(page.status === 401 || /\/sign-in/.test(page.location ?? '')).toBe(true);
    // The same claims with an expiry are let in: it is the missing `exp` that is refused.
    const withExpiry = await call(base, { method: 'GET', path: '/api/topics', token: staff });
    expect(withExpiry.status).toBe(200);
  });
});

const credentials: Record<Persona, () => string | undefined> = {
  anonymous: () => undefined,
  public: () => forged,
  author: () => undefined,
  observer: () => observer,
  staff: () => staff,
  owner: () => undefined,
};

function request(route: Route, persona: Persona): Call {
  const writes = route.method !== 'GET';
  // Staff writes go to the second world; everything else reads (or tries to write) the first.
  const w = persona === 'staff' && route.access === 'staff' && writes ? writeWorld : world;
  const link: LinkChoice = route.access !== 'author' ? 'right' : persona === 'owner' ? 'right' : persona === 'author' ? 'other' : 'wrong';
  const token = credentials[persona]();
  const sample = sampleOf(route.name, w);
  const c: Call = {
    method: route.method,
    path: pathOf(route, w, link) + (sample.query ? `?${new URLSearchParams(sample.query).toString()}` : ''),
    now: w.now,
    ...(token ? { token, cookie: `session=${token}` } : {}),
  };
  if (!writes) return c;
  if (route.kind === 'api') return { ...c, json: sample.json ?? {} };
  // Public form posts are sent empty (a real one would create things); staff and author forms as the sample.
  if (route.access === 'public') return { ...c, form: {} };
  const form = sample.form ?? {};
  return { ...c, form: token && route.access === 'staff' ? withCsrf(token, form) : form };
}

const signInRedirect = (path: string) => `/sign-in?next=${encodeURIComponent(path)}`;
const said = (c: Call, r: Reply) => `${c.method} ${c.path} → ${r.status} ${r.location ?? ''} ${r.text.slice(0, 300)}`;

function expectAllowed(route: Route, c: Call, r: Reply) {
  expect(r.status, said(c, r)).toBeLessThan(500);
  expect([401, 403], said(c, r)).not.toContain(r.status);
  expect(r.location ?? '', said(c, r)).not.toMatch(/^\/sign-in/);
  // Reads of what exists answer 200 (no paper was uploaded in the world, so a version is a 404).
  if (route.method === 'GET' && !route.path.includes('{versionId}')) expect(r.status, said(c, r)).toBe(200);
}

function expectRefused(route: Route, persona: Persona, c: Call, r: Reply) {
  if (route.access === 'author') {
    // A link that opens nothing: the same 404 page whoever asks.
    expect(r.status, said(c, r)).toBe(404);
    expect(r.headers.get('content-type'), said(c, r)).toMatch(/^text\/html/);
    return;
  }
  const member = persona === 'observer';
  if (route.kind === 'api') {
    expect(r.status, said(c, r)).toBe(member ? 403 : 401);
    // 401 is API Gateway's JWT authorizer's own answer; a valid token outside the group reaches the
    // function, which explains the 403.
    if (member) expect(typeof r.json?.error, said(c, r)).toBe('string');
    else expect(r.json, said(c, r)).toEqual({ message: 'Unauthorized' });
  } else if (member) {
    expect(r.status, said(c, r)).toBe(403);
    expect(r.text, said(c, r)).toContain('not in the staff group');
  } else {
    expect(r.status, said(c, r)).toBe(303);
    expect(r.location, said(c, r)).toBe(signInRedirect(c.path.split('?')[0]! + (c.path.includes('?') ? `?${c.path.split('?')[1]}` : '')));
  }
}

const personas: Persona[] = ['anonymous', 'public', 'author', 'observer', 'staff'];

// Concurrent: each call is independent (staff writes go to their own world), and 280 calls in a row are slow.
describe.concurrent('the authorization matrix (every route in shared/routes.ts)', () => {
  it('covers every route', () => {
    expect(routeList.length).toBeGreaterThan(50);
    for (const route of routeList) expect(['public', 'author', 'staff']).toContain(route.access);
  });

  describe.each(routeList.map((r) => [`${r.method} ${r.path} (${r.access} ${r.kind})`, r] as const))('%s', (_label, route: Route) => {
    if (route.access === 'public') {
      it('answers everyone alike, never 401 or 403, never 5xx', async () => {
        const answers: Record<string, number> = {};
        for (const persona of personas) {
          const c = request(route, persona);
          const r = await call(world.base, c);
          expect(r.status, said(c, r)).toBeLessThan(500);
          expect([401, 403], said(c, r)).not.toContain(r.status);
          answers[persona] = r.status;
        }
        expect(new Set(Object.values(answers)).size, JSON.stringify(answers)).toBe(1);
      });
      return;
    }
    it.each(personas.filter((p) => p !== 'staff'))('refuses %s', async (persona) => {
      const c = request(route, persona);
      expectRefused(route, persona, c, await call(world.base, c));
    });
    if (route.access === 'author') {
      it('refuses staff too: only the link opens an author page', async () => {
        const c = request(route, 'staff');
        expectRefused(route, 'staff', c, await call(world.base, c));
      });
      it("opens with the author's own link", async () => {
        const c = request(route, 'owner');
        const r = await call(world.base, c);
        expect(r.status, said(c, r)).toBeLessThan(500);
        expect(r.status, said(c, r)).not.toBe(404);
        if (route.method === 'GET' && !c.path.includes('/uploaded')) expect(r.status, said(c, r)).toBe(200);
      });
    } else {
      it('allows staff', async () => {
        const c = request(route, 'staff');
        expectAllowed(route, c, await call(world.base, c));
      });
    }
  });
});
