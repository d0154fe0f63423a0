/**
 * Errors mapped in one place (shared/http/handler.ts): each domain error to its status, middy's own
 * HTTP errors to theirs, anything else to a 500 that says nothing of what went wrong inside. Real
 * handlers from apiRoute and pageRoute, invoked with API Gateway (payload 2.0) events.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { apiRoute, ok, pageRoute } from '../../../shared/http/handler.js';
import { ConflictError, DomainError, ForbiddenError, NotFoundError, UnauthorizedError, ValidationError, invalid } from '../../../shared/domain/errors.js';
import { resetConfig } from '../../../shared/config.js';
import { deadlinesOf, newMeeting } from '../../../shared/domain/meetings.js';
import { defaultDeadlineSettings } from '../../../shared/domain/deadlines.js';
import { logger } from '../../../shared/observability.js';
import { precompileViews } from '../../../infra/tools/precompile-views.js';
import { lambdaContext } from '../../../infra/local/server.js';
import { csrfTokenFor } from '../../../shared/http/csrf.js';

const MEETING = '01FFMAVYF86K6BJEA87EHS4HE7';
const INTERNAL = 'ConditionalCheckFailedException on table scrutiny-prod at pk=MEETING#secret';
const staffClaims = { email: 'engagement.manager@example.org', name: 'Engagement Manager', 'cognito:groups': '[staff]', token_use: 'id' };

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'scrutiny-views-'));
  precompileViews(dir);
  process.env.VIEWS_DIR = dir;
  resetConfig();
});

afterEach(() => {
  vi.restoreAllMocks();
});

interface EventFields {
  method: string;
  path: string;
  pathParameters?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  claims?: Record<string, unknown>;
  cookies?: string[];
}

/** An event as API Gateway (and infra/local/server.ts) builds it. */
function eventOf(e: EventFields): APIGatewayProxyEventV2 {
  const at = new Date();
  return {
    version: '2.0',
    routeKey: `${e.method} ${e.path}`,
    rawPath: e.path,
    rawQueryString: '',
    headers: { host: 'localhost', ...e.headers },
    ...(e.cookies ? { cookies: e.cookies } : {}),
    ...(e.pathParameters ? { pathParameters: e.pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: e.method, path: e.path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: 'request-1',
      routeKey: `${e.method} ${e.path}`,
      stage: '$default',
      time: at.toUTCString(),
      timeEpoch: at.getTime(),
      ...(e.claims ? { authorizer: { jwt: { claims: e.claims, scopes: null } } } : {}),
    },
    ...(e.body !== undefined ? { body: e.body } : {}),
    isBase64Encoded: false,
  } as APIGatewayProxyEventV2;
}

type Handler = (event: APIGatewayProxyEventV2, context: ReturnType<typeof lambdaContext>) => Promise<APIGatewayProxyStructuredResultV2>;

const json = (r: APIGatewayProxyStructuredResultV2) => JSON.parse(r.body ?? '');

/** A 500's internal detail goes to the log, never to the caller: keep the log quiet and watch it. */
const quietLog = () => vi.spyOn(logger, 'error').mockImplementation(() => undefined);

/** The thrown values every route maps, and what the caller must see. */
const mapped: [string, () => unknown, number, { error?: string; issues?: unknown }][] = [
  ['a ValidationError', () => new ValidationError('The title is too long', [{ field: 'title', message: 'Use at most 200 characters' }]), 400, { error: 'The title is too long', issues: [{ field: 'title', message: 'Use at most 200 characters' }] }],
  ['a single-field invalid()', () => invalid('dueDate', 'The due date must be today or later'), 400, { error: 'The due date must be today or later', issues: [{ field: 'dueDate', message: 'The due date must be today or later' }] }],
  ['an UnauthorizedError', () => new UnauthorizedError(), 401, { issues: [] }],
  ['a ForbiddenError', () => new ForbiddenError(), 403, { issues: [] }],
  ['a NotFoundError', () => new NotFoundError('No meeting has that id'), 404, { error: 'No meeting has that id', issues: [] }],
  ['a ConflictError', () => new ConflictError('Someone else changed this meeting'), 409, { error: 'Someone else changed this meeting', issues: [] }],
  ['a 413 DomainError', () => new DomainError(413, 'The paper is larger than 20 MB'), 413, { error: 'The paper is larger than 20 MB' }],
  ['a 429 DomainError', () => new DomainError(429, 'Too many questions from this address'), 429, { error: 'Too many questions from this address' }],
  ["middy's 415", () => Object.assign(new Error('Unsupported Media Type'), { statusCode: 415 }), 415, { error: 'Send the body as JSON with the header Content-Type: application/json' }],
  ["middy's 422 (a body that is not JSON)", () => Object.assign(new Error('Invalid or malformed JSON was provided'), { statusCode: 422 }), 400, { error: 'The body is not valid JSON' }],
  ['another 4xx with a status', () => ({ statusCode: 405, message: 'Method Not Allowed' }), 405, { error: 'Method Not Allowed' }],
  ['a 4xx with a status and no message', () => ({ statusCode: 400 }), 400, { error: 'Bad request' }],
];

describe('JSON API routes', () => {
  const apiThrowing = (thrown: () => unknown) =>
    apiRoute('update-meeting', async () => {
      throw thrown();
    }) as unknown as Handler;
  const patch = (handler: Handler, fields: Partial<EventFields> = {}) =>
    handler(
      eventOf({
        method: 'PATCH',
        path: `/api/meetings/${MEETING}`,
        pathParameters: { meetingId: MEETING },
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ version: 1, title: 'Community Outcomes Meeting' }),
        claims: staffClaims,
        ...fields,
      }),
      lambdaContext('update-meeting'),
    );

  it.each(mapped)('maps %s to %i with a JSON {error, issues} body', async (_, thrown, status, body) => {
    const res = await patch(apiThrowing(thrown));
    expect(res.statusCode).toBe(status);
    expect(res.headers?.['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers?.['cache-control']).toBe('no-store');
    const got = json(res);
    expect(typeof got.error).toBe('string');
    expect(got.error.length).toBeGreaterThan(0);
    expect(got).toMatchObject(body);
  });

  it.each([
    ['an Error', () => new Error(INTERNAL)],
    ['a TypeError', () => new TypeError(`Cannot read properties of undefined (reading '${INTERNAL}')`)],
    ['a 5xx with a status', () => ({ statusCode: 503, message: INTERNAL })],
    ['a string', () => INTERNAL],
  ])('maps %s to a 500 that does not leak the internal message, and logs it', async (_, thrown) => {
    const log = quietLog();
    const res = await patch(apiThrowing(thrown));
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('ConditionalCheckFailed');
    expect(res.body).not.toContain('secret');
    expect(Object.keys(json(res))).toEqual(['error']);
    // Not "nothing was changed": part of a request may have been carried out before it failed.
    expect(json(res).error).toBe('Something went wrong on our side.');
    expect(log).toHaveBeenCalledTimes(1);
  });

  it('answers a success as JSON, with the body the function replied, stripped to its response schema', async () => {
    const { meeting } = newMeeting({ title: 'Community Outcomes Meeting', start: '2021-12-07T14:00', place: 'Wellington House, Wakefield' }, new Date('2021-09-15T09:00:00Z'));
    const view = { ...meeting, id: MEETING, deadlines: deadlinesOf(meeting, defaultDeadlineSettings) };
    const handler = apiRoute('update-meeting', async ({ params, body }) => ok({ ...view, id: params.meetingId, version: body.version, linkHash: 'secret' })) as unknown as Handler;
    const res = await patch(handler);
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ ...view, version: 1 });
  });

  describe('errors raised before the function runs', () => {
    const never = vi.fn(async () => ok({}));
    const handler = apiRoute('update-meeting', never as never) as unknown as Handler;
    afterEach(() => expect(never).not.toHaveBeenCalled());

    it('a body that is not JSON: 400', async () => {
      const res = await patch(handler, { body: '{"version": 1,' });
      expect(res.statusCode).toBe(400);
      expect(json(res).error).toBe('The body is not valid JSON');
    });

    it('a body sent as another content type: 415', async () => {
      const res = await patch(handler, { headers: { 'content-type': 'text/plain' } });
      expect(res.statusCode).toBe(415);
      expect(json(res).error).toMatch(/Content-Type: application\/json/);
    });

    it('a body that fails its schema: 400 with an issue per field', async () => {
      const res = await patch(handler, { body: JSON.stringify({ title: 'x'.repeat(201), status: 'postponed' }) });
      expect(res.statusCode).toBe(400);
      const fields = (json(res).issues as { field: string }[]).map((i) => i.field).sort();
      expect(fields).toEqual(['status', 'title', 'version']);
    });

    it('a body that is JSON but not an object: 400 naming the body', async () => {
      const res = await patch(handler, { body: '"hello"' });
      expect(res.statusCode).toBe(400);
      expect(json(res).issues).toEqual([{ field: 'body', message: 'The body must be a JSON object' }]);
    });

    it('a path parameter that is not an id: 400 on that field', async () => {
      const res = await patch(handler, { path: '/api/meetings/not-an-id', pathParameters: { meetingId: 'not-an-id' } });
      expect(res.statusCode).toBe(400);
      expect((json(res).issues as { field: string }[]).map((i) => i.field)).toEqual(['meetingId']);
    });

    it('no claims and no token: 401', async () => {
      const res = await patch(handler, { claims: undefined });
      expect(res.statusCode).toBe(401);
      expect(json(res).error).toMatch(/Authorization: Bearer/);
    });

    it('claims of an access token: 401', async () => {
      const res = await patch(handler, { claims: { ...staffClaims, token_use: 'access' } });
      expect(res.statusCode).toBe(401);
    });

    it('claims outside the staff group: 403', async () => {
      const res = await patch(handler, { claims: { ...staffClaims, 'cognito:groups': '[observers]' } });
      expect(res.statusCode).toBe(403);
      expect(json(res).error).toMatch(/staff group/);
    });
  });
});

describe('page routes', () => {
  const pageThrowing = (thrown: () => unknown) =>
    pageRoute('show-public-meeting', async () => {
      throw thrown();
    }) as unknown as Handler;
  const get = (handler: Handler, fields: Partial<EventFields> = {}) =>
    handler(eventOf({ method: 'GET', path: `/meetings/${MEETING}`, pathParameters: { meetingId: MEETING }, ...fields }), lambdaContext('show-public-meeting'));
  /** The h1 and the body paragraphs of error.njk. */
  const headingOf = (html: string) => /<h1 class="govuk-heading-l">([^<]*)<\/h1>/.exec(html)?.[1];

  it.each(mapped)('renders %s as the error page with status %i', async (_, thrown, status, body) => {
    const res = await get(pageThrowing(thrown));
    expect(res.statusCode).toBe(status);
    expect(res.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers?.['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.body).toMatch(/^<!DOCTYPE html>/i);
    expect(headingOf(res.body!)).toBe(status === 404 ? 'Page not found' : status === 403 ? 'You cannot use this page' : 'There is a problem');
    if (body.error) expect(res.body).toContain(`<p class="govuk-body">${body.error.replace(/'/g, '&#39;')}</p>`);
    for (const issue of (body.issues as { message: string }[] | undefined) ?? []) expect(res.body).toContain(`<li>${issue.message}</li>`);
  });

  it('renders a plain Error as "Sorry, there is a problem with the service" (500), without the internal message', async () => {
    const log = quietLog();
    const res = await get(pageThrowing(() => new Error(INTERNAL)));
    expect(res.statusCode).toBe(500);
    expect(headingOf(res.body!)).toBe('Sorry, there is a problem with the service');
    expect(res.body).toContain('Try again later.');
    expect(res.body).not.toContain('ConditionalCheckFailed');
    expect(res.body).not.toContain('secret');
    expect(log).toHaveBeenCalledTimes(1);
  });

  it('escapes what an error says', async () => {
    const res = await get(pageThrowing(() => new NotFoundError('No meeting <script>alert(1)</script>')));
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('<script>alert(1)</script>');
    expect(res.body).toContain('No meeting &lt;script&gt;');
  });

  it('a path parameter that is not an id: "Page not found" (404), the function never called', async () => {
    const never = vi.fn(async () => ({ view: 'home.njk' }));
    const res = await get(pageRoute('show-public-meeting', never) as unknown as Handler, { path: '/meetings/x', pathParameters: { meetingId: 'x' } });
    expect(res.statusCode).toBe(404);
    expect(headingOf(res.body!)).toBe('Page not found');
    expect(res.body).toContain('If you typed the web address, check it is correct.');
    expect(res.body).not.toContain('not a valid id');
    expect(never).not.toHaveBeenCalled();
  });

  it('a 403 to someone signed in offers sign-out: a form to /sign-out with their session’s CSRF token', async () => {
    const res = await get(pageThrowing(() => new ForbiddenError()), { cookies: ['session=a-session-token'] });
    expect(res.statusCode).toBe(403);
    expect(headingOf(res.body!)).toBe('You cannot use this page');
    const form = /<form method="post" action="\/sign-out">[\s\S]*?<\/form>/.exec(res.body!)?.[0];
    expect(form).toContain(`name="csrf" value="${csrfTokenFor('a-session-token')}"`);
    expect(form).toContain('Sign out</button>');
  });

  it('a staff page without a session goes to sign-in, and comes back to where it was', async () => {
    const never = vi.fn(async () => ({ view: 'home.njk' }));
    const handler = pageRoute('show-meeting', never) as unknown as Handler;
    const res = await handler(
      eventOf({ method: 'GET', path: `/staff/meetings/${MEETING}`, pathParameters: { meetingId: MEETING } }),
      lambdaContext('show-meeting'),
    );
    expect(res.statusCode).toBe(303);
    expect(res.headers?.location).toBe(`/sign-in?next=${encodeURIComponent(`/staff/meetings/${MEETING}`)}`);
    expect(never).not.toHaveBeenCalled();
  });
});
