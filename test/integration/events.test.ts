/**
 * The sample events in events/: every route has at least one, each is shaped for its route (route
 * key, path, path parameters), and invoking each one's handler in this process — as Lambda would,
 * against the test stack's DynamoDB Local and emulators — never answers 5xx. `*.invalid.json`
 * events (a JSON body missing required fields) answer 400 with an error message.
 *
 * They are invoked twice: as written (their ids name nothing in the test stack, so most answer
 * 404), and with their ids swapped for those of the same 2021 cycle made through the API first
 * (so the handlers get past the lookups: pages render, requests are emailed, agendas reordered).
 *
 * Routes whose function file is not written yet are checked for their events but not invoked.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { routeList, routes, type RouteDef, type RouteName } from '../../shared/routes.js';
import { useLocalEnv } from '../../infra/local/env.js';
import { lambdaContext } from '../../infra/local/server.js';
import { pathPattern } from '../../infra/local/routing.js';
import { csrfTokenFor } from '../../shared/http/csrf.js';
import { dynamo } from '../../shared/aws/clients.js';
import { countDynamoCalls, type CallCount } from '../../shared/aws/call-counter.js';
import { api, tokenFor } from '../support/http.js';
import { ids as sampleIds } from '../../infra/local/make-events.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const eventsDir = join(root, 'events');
const STAFF_TOKEN = '{{staffToken}}';
const CSRF_TOKEN = '{{csrfToken}}';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

interface EventFile {
  file: string;
  route: string;
  kase: string;
}

const files: EventFile[] = (existsSync(eventsDir) ? readdirSync(eventsDir) : [])
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => {
    const m = /^([^.]+)\.([^.]+)\.json$/.exec(file);
    return { file, route: m?.[1] ?? file, kase: m?.[2] ?? '' };
  });

const eventsOf = (name: string) => files.filter((f) => f.route === name);
const load = (file: string) => JSON.parse(readFileSync(join(eventsDir, file), 'utf8')) as APIGatewayProxyEventV2;
const functionFile = (name: string) => join(root, 'functions', `${name}.ts`);

const paramNames = (path: string) => [...path.matchAll(/\{(\w+)\+?\}/g)].map((m) => m[1]!);

describe('sample events', () => {
  it('every file is named <route>.<case>.json after a route in the route table', () => {
    const unknown = files.filter((f) => !f.kase || !(f.route in routes)).map((f) => f.file);
    expect(unknown).toEqual([]);
  });

  it.each(routeList.map((r) => [r.name, r] as const))('%s has a sample event shaped for its route', (name, route: RouteDef) => {
    const mine = eventsOf(name);
    expect(mine.map((f) => f.file), `no events/${name}.*.json`).not.toEqual([]);
    if (route.kind === 'api' && route.body) expect(mine.map((f) => f.kase)).toContain('invalid');
    const routeKey = `${route.method} ${route.path}`;
    const pattern = pathPattern(route.path);
    for (const { file } of mine) {
      const event = load(file);
      expect(event.version, file).toBe('2.0');
      expect(event.routeKey, file).toBe(routeKey);
      expect(event.requestContext.routeKey, file).toBe(routeKey);
      expect(event.requestContext.http.method, file).toBe(route.method);
      expect(event.requestContext.http.path, file).toBe(event.rawPath);
      expect(event.requestContext.stage, file).toBe('$default');
      const match = pattern.exec(event.rawPath);
      expect(match, `${file}: rawPath ${event.rawPath} does not match ${route.path}`).not.toBeNull();
      const names = paramNames(route.path);
      if (names.length === 0) {
        expect(event.pathParameters, file).toBeUndefined();
      } else {
        for (const p of names) {
          expect(event.pathParameters?.[p], `${file}: pathParameters.${p}`).toBeTruthy();
          expect(decodeURIComponent(match!.groups![p]!), `${file}: rawPath and pathParameters.${p} disagree`).toBe(event.pathParameters![p]);
        }
        expect(Object.keys(event.pathParameters ?? {}).sort(), file).toEqual([...names].sort());
      }
      const query = new URLSearchParams(event.rawQueryString);
      expect(Object.fromEntries(query), `${file}: rawQueryString and queryStringParameters disagree`).toEqual(event.queryStringParameters ?? {});
      // Headers arrive lowercased; the cookie header is split into `cookies`, as API Gateway does.
      for (const h of Object.keys(event.headers)) expect(h, file).toBe(h.toLowerCase());
      expect(event.headers.cookie, file).toBeUndefined();
      if (route.access === 'staff' && !file.includes('signed-out')) {
        const carries = route.kind === 'api' ? event.headers.authorization === `Bearer ${STAFF_TOKEN}` : event.cookies?.includes(`session=${STAFF_TOKEN}`);
        expect(carries, `${file}: the staff token placeholder`).toBe(true);
        // Staff API calls arrive with the claims API Gateway's JWT authorizer passes on.
        const claims = (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, string> } } }).authorizer?.jwt?.claims;
        expect(claims?.['cognito:groups'], `${file}: the authorizer's claims`).toBe(route.kind === 'api' ? '[staff]' : undefined);
        // Staff form posts carry the session's CSRF token, as the staff pages' forms do.
        // A multipart post (an upload form) carries it as its own part.
        const csrf = event.headers['content-type']?.startsWith('multipart/form-data') ? `name="csrf"\r\n\r\n${CSRF_TOKEN}` : `csrf=${encodeURIComponent(CSRF_TOKEN)}`;
        if (route.kind === 'page' && route.method !== 'GET') expect(event.body ?? '', `${file}: the CSRF token placeholder`).toContain(csrf);
      }
    }
  });
});

let token: string;
/** Counts each invocation's DynamoDB calls (an SDK middleware on the one document client). */
let counter: CallCount | undefined;

async function invoke(name: RouteName, file: string, ids = new Map<string, string>()) {
  let text = readFileSync(join(eventsDir, file), 'utf8').split(STAFF_TOKEN).join(token);
  for (const placeholder of [CSRF_TOKEN, encodeURIComponent(CSRF_TOKEN)]) text = text.split(placeholder).join(csrfTokenFor(token));
  for (const [from, to] of ids) text = text.split(from).join(to);
  const { handler } = (await import(pathToFileURL(functionFile(name)).href)) as { handler: Handler };
  counter?.reset();
  const result = await handler(JSON.parse(text) as APIGatewayProxyEventV2, lambdaContext(name));
  const status = result.statusCode ?? 200;
  const calls = counter?.calls ?? 0;
  const said = `${file} → ${status}: ${(result.body ?? '').slice(0, 500)}`;
  // No route makes more DynamoDB calls than its route-table entry declares (`dynamoCalls`).
  expect(calls, `${said}\n${name} made ${calls} DynamoDB calls (${counter?.commands.join(', ')}); the route table allows ${routes[name].dynamoCalls}`).toBeLessThanOrEqual(routes[name].dynamoCalls);
  // A read route's calls run in the rounds its entry declares (issue 15 §7): parallel unless one needs another's answer.
  // Parallel calls can still come out one after the other on a busy machine (a sibling's call may
  // start only after the first has answered), so a read, which changes nothing, is asked up to three
  // times and its fewest rounds count; calls in sequence by design are sequential every time.
  const route: RouteDef = routes[name];
  const declared = route.reads?.rounds ?? 1;
  let rounds = counter?.rounds ?? 0;
  for (let again = 0; route.method === 'GET' && rounds > declared && again < 2; again++) {
    counter?.reset();
    await handler(JSON.parse(text) as APIGatewayProxyEventV2, lambdaContext(name));
    rounds = Math.min(rounds, counter?.rounds ?? 0);
  }
  if (route.method === 'GET') expect(rounds, `${said}\n${name} made its calls in ${rounds} sequential rounds; the route table says ${declared}`).toBeLessThanOrEqual(declared);
  return { result, status, said };
}

// Only routes whose function exists; the checks above cover every route's events.
const invocable = files.filter((f) => f.route in routes && existsSync(functionFile(f.route)));

describe('invoking each sample event in-process', () => {
  beforeAll(async () => {
    // The environment the local runtime gives functions (as infra/local/start.ts sets it).
    useLocalEnv(inject('endpoints'));
    token = await tokenFor('engagement.manager@example.org');
    counter = countDynamoCalls(dynamo());
    return () => counter?.stop();
  });

  it.each(invocable.map((f) => [f.file, f] as const))('%s', async (_file, { file, route, kase }) => {
    const { result, status, said } = await invoke(route as RouteName, file);
    expect(status, said).toBeLessThan(500);
    if (kase === 'invalid') {
      expect(status, said).toBe(400);
      expect(String(result.headers?.['content-type']), said).toMatch(/^application\/json/);
      const body = JSON.parse(result.body ?? '{}') as { error?: unknown };
      expect(typeof body.error, said).toBe('string');
      expect(String(body.error), said).not.toBe('');
    }
  });

  it('a staff API function invoked without API Gateway in front verifies the Authorization header itself', async () => {
    // In AWS the JWT authorizer checks the token and the function trusts the claims it passes on
    // (the sample events carry them); invoked any other way, the function checks the token.
    const { handler } = (await import(pathToFileURL(functionFile('list-meetings')).href)) as { handler: Handler };
    const withToken = async (bearer: string | undefined) => {
      const event = JSON.parse(readFileSync(join(eventsDir, 'list-meetings.sample.json'), 'utf8')) as APIGatewayProxyEventV2 & { requestContext: { authorizer?: unknown } };
      delete event.requestContext.authorizer;
      if (bearer === undefined) delete event.headers.authorization;
      else event.headers.authorization = `Bearer ${bearer}`;
      return (await handler(event, lambdaContext('list-meetings'))).statusCode;
    };
    expect(await withToken(token)).toBe(200);
    expect(await withToken(undefined)).toBe(401);
    expect(await withToken(`${token.slice(0, -4)}AAAA`)).toBe(401);
    expect(await withToken(await tokenFor('observer@example.org'))).toBe(403);
  });

  describe('with the sample ids standing for a 2021 cycle made first', () => {
    const ids = new Map<string, string>();
    const place = 'Wellington House, Wakefield';
    const camel = (s: string) => s.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

    beforeAll(async () => {
      const made = async (method: string, path: string, body: unknown, now: string) => {
        const res = await api(method, path, body, { now });
        expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(201);
        return res.body;
      };
      const september = await made('POST', '/api/meetings', { start: '2021-09-14T15:00', place }, '2021-08-02T09:00:00Z');
      const action = await made('POST', `/api/meetings/${september.id}/actions`, { text: 'Road safety partnership figures to come to a future meeting', owner: 'West Yorkshire Police' }, '2021-09-14T17:00:00Z');
      const december = await made('POST', '/api/meetings', { start: '2021-12-07T14:00', place }, '2021-09-15T08:58:41Z');
      const topic = await made('POST', '/api/topics', { title: 'Road Safety', points: ['Update on Vision Zero', 'Update on Op Snap digital footage submission scheme'], source: { kind: 'future-items', meetingId: september.id } }, '2021-09-15T09:00:12Z');
      const request = await made('POST', `/api/meetings/${december.id}/requests`, {
        topicId: topic.id,
        sponsor: { name: 'ACC, Operational Support', email: 'acc.operational-support@example.org' },
        author: { name: 'Chief Inspector, Roads Policing', email: 'ci.roads-policing@example.org' },
      }, '2021-10-04T10:15:27Z');
      const view = await api('GET', `/api/meetings/${december.id}`, undefined, { now: '2021-10-04T10:16:00Z' });
      expect(view.status).toBe(200);

      ids.set(sampleIds.septemberMeeting, september.id);
      ids.set(sampleIds.septemberAction, action.id);
      ids.set(sampleIds.decemberMeeting, december.id);
      ids.set(sampleIds.roadSafetyTopic, topic.id);
      ids.set(sampleIds.roadSafetyRequest, request.id);
      ids.set(sampleIds.roadSafetyItem, request.agendaItemId);
      ids.set(sampleIds.authorPerson, request.author.personId);
      const standing = sampleIds.standing as Record<string, string>;
      for (const item of view.body.agenda as { id: string; standing?: string }[]) {
        if (item.standing && standing[camel(item.standing)]) ids.set(standing[camel(item.standing)]!, item.id);
      }
      expect(ids.size).toBe(7 + Object.keys(standing).length);
    });

    it.each(invocable.map((f) => [f.file, f] as const))('%s', async (_file, { file, route, kase }) => {
      const { status, said } = await invoke(route as RouteName, file, ids);
      expect(status, said).toBeLessThan(500);
      if (kase === 'invalid') expect(status, said).toBe(400);
      // Reading what exists works: every staff page and API read answers 200.
      const def: RouteDef = routes[route as RouteName];
      if (kase === 'sample' && def.method === 'GET' && def.access === 'staff') expect(status, said).toBe(200);
    });
  });
});
