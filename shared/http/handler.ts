/**
 * The middy chains every function uses. A handler names its route; the chain takes the route's
 * access rule and schemas from the route table, parses the body, validates params, query and body
 * with zod, checks the staff token, injects the clock, then calls the domain code and maps errors
 * in one place (JSON problems for the API, a GOV.UK error page for pages).
 */
import middy from '@middy/core';
import jsonBodyParser from '@middy/http-json-body-parser';
import urlEncodeBodyParser from '@middy/http-urlencode-body-parser';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 as Result } from 'aws-lambda';
import { parseCookie as parseCookies } from 'cookie';
import { randomBytes } from 'node:crypto';
// A namespace import lets esbuild leave out what we do not use (zod's locales: ~370 KB a bundle).
import * as z from 'zod';
import type { RouteDef, RouteName, Routes } from '../routes.js';
// The table through its package import: an AWS bundle maps it to its own route alone (infra/constructs/route-table.ts).
import { routes } from '#route-table';
import { config } from '../config.js';
import { staffFromClaims, verifyStaffToken, type StaffUser } from '../auth/verify.js';
import { AuthorLinkError, CsrfError, DomainError, NotFoundError, UnauthorizedError, ValidationError, type FieldIssue } from '../domain/errors.js';
import type { AuthorAccess } from '../app/author-link.js';
import { render } from '../views/render.js';
import { zodIssues } from '../views/forms.js';
import { logger } from '../observability.js';
import { CSRF_FIELD, csrfTokenFor, csrfTokenMatches } from './csrf.js';
import { InvalidLocalTimeError, parseLondonLocal } from '../domain/time.js';

export type Event = APIGatewayProxyEventV2;
type Out<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface Input<R extends RouteDef> {
  event: Event;
  params: Out<R['params']>;
  query: Out<R['query']>;
  body: Out<R['body']>;
  /** The signed-in staff member (staff routes only). */
  user: R['access'] extends 'staff' ? StaffUser : StaffUser | undefined;
  /** Author routes only: the request the link names (checked: right secret, still working), with its meeting, versions and history. */
  author: R['access'] extends 'author' ? AuthorAccess : undefined;
  now: Date;
  baseUrl: string;
}

export interface Reply<B = unknown> {
  status: number;
  body?: B;
  headers?: Record<string, string>;
  cookies?: string[];
}
export const ok = <B>(body: B): Reply<B> => ({ status: 200, body });
export const created = <B>(body: B): Reply<B> => ({ status: 201, body });
/** What an API route's handler may answer with: a body its response schema accepts (or none, as `Reply` allows). */
type ResponseOf<R extends RouteDef> = R['response'] extends z.ZodType ? z.input<R['response']> | undefined : unknown;

export const SESSION_COOKIE = 'session';
export const CLOCK_HEADER = 'x-scrutiny-now';

const fixedHeaders = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};
/** Two years, the preload list's minimum. */
const HSTS = 'max-age=63072000; includeSubDomains';

/**
 * Headers on every response. In AWS (SECURE_COOKIES, as the stack sets it) they include HSTS: an
 * HTTP API cannot add response headers itself, so the handler does. Never locally (plain HTTP).
 */
function baseHeaders(): Record<string, string> {
  return config().SECURE_COOKIES ? { ...fixedHeaders, 'strict-transport-security': HSTS } : fixedHeaders;
}

/**
 * The injected clock: the real one, or (local and tests only, never in AWS) the `x-scrutiny-now`
 * header: an instant with `Z` or an offset (`2021-11-16T09:00:00.000Z`, `2021-11-16T09:00+01:00`),
 * or London wall-clock time without a zone (`2021-11-16T09:00`, like `npm start -- --now`). A value
 * that is none of these is a 400 saying so, rather than a silently real clock.
 */
export function clockOf(event: Event): Date {
  const header = event.headers?.[CLOCK_HEADER];
  if (header && config().ALLOW_CLOCK_HEADER) {
    try {
      return new Date(parseLondonLocal(header));
    } catch (error) {
      if (!(error instanceof InvalidLocalTimeError)) throw error;
      const message = `The ${CLOCK_HEADER} header is not valid: ${error.message} A time without a zone is London time; add Z or an offset for an instant.`;
      throw new ValidationError(message, [{ field: CLOCK_HEADER, message: error.message }]);
    }
  }
  return new Date();
}

export function baseUrlOf(event: Event): string {
  return config().PUBLIC_BASE_URL ?? `https://${event.requestContext.domainName}`;
}

/**
 * Who is calling a staff route. A staff API call has passed API Gateway's JWT authorizer, which
 * checked the token in its Authorization header and hands the function its claims (infra/stack.ts;
 * the local server does the same): they are trusted as they are, which spares every cold start a
 * fetch of the issuer's keys. Without them (the function invoked some other way) the header's token
 * is verified here. Staff pages carry the token in the session cookie, which the authorizer cannot
 * read: the function verifies it.
 */
function staffOf(event: Event, kind: RouteDef['kind']): Promise<StaffUser> | StaffUser {
  if (kind === 'api') {
    const claims = (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } }).authorizer?.jwt?.claims;
    if (claims) return staffFromClaims(claims);
    const auth = event.headers?.authorization;
    return verifyStaffToken(auth?.toLowerCase().startsWith('bearer ') ? auth.slice(7).trim() : undefined);
  }
  return verifyStaffToken(sessionOf(event));
}

function sessionOf(event: Event): string | undefined {
  const cookies = event.cookies?.length ? parseCookies(event.cookies.join('; ')) : {};
  return cookies[SESSION_COOKIE];
}

function parsePart(schema: z.ZodType | undefined, value: unknown, where: string) {
  if (!schema) return undefined;
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({
    field: i.path.map(String).join('.') || where,
    message: i.code === 'invalid_type' && i.path.length === 0 ? `The ${where} must be a JSON object` : i.message,
  }));
  throw new ValidationError(`The ${where} is not valid: ${issues.map((i) => i.message).join('; ')}`, issues);
}

async function prepare<R extends RouteDef>(route: R, event: Event, withBody: boolean): Promise<Input<R>> {
  const user = route.access === 'staff' ? await staffOf(event, route.kind) : undefined;
  const now = clockOf(event);
  let params: unknown;
  try {
    params = parsePart(route.params, event.pathParameters, 'path');
  } catch (error) {
    // A mangled author link is a wrong link: the same page as any other wrong link.
    if (route.access === 'author') throw new AuthorLinkError('unknown');
    // A page address with a malformed id is an address we do not have: "Page not found".
    if (route.kind === 'page') throw new NotFoundError('');
    throw error;
  }
  const link = params as { requestId?: string; key?: string } | undefined;
  // Loaded only by author routes, so other functions do not load the store at cold start for it.
  const author =
    route.access === 'author'
      ? await (await import('../app/author-link.js')).openAuthorLink(link?.requestId ?? '', link?.key ?? '', now)
      : undefined;
  return {
    event,
    params: params as Out<R['params']>,
    query: parsePart(route.query, event.queryStringParameters, 'query') as Out<R['query']>,
    body: (withBody ? parsePart(route.body, event.body, 'body') : event.body) as Out<R['body']>,
    user: user as Input<R>['user'],
    author: author as Input<R>['author'],
    now,
    baseUrl: baseUrlOf(event),
  };
}

/** Middy's own HTTP errors (415, 422) carry a status; ours are DomainErrors; anything else is a 500. */
function problemOf(error: unknown): { status: number; message: string; issues?: unknown } {
  if (error instanceof DomainError) return { status: error.status, message: error.message, issues: error.issues };
  const e = error as { statusCode?: number; message?: string };
  if (e?.statusCode === 415) return { status: 415, message: 'Send the body as JSON with the header Content-Type: application/json' };
  if (e?.statusCode === 422) return { status: 400, message: 'The body is not valid JSON' };
  if (e?.statusCode && e.statusCode >= 400 && e.statusCode < 500) return { status: e.statusCode, message: e.message ?? 'Bad request' };
  logger.error('Unhandled error', { error: error as Error });
  // Not "nothing was changed": part of it may have been (a reference number taken, an email sent).
  return { status: 500, message: 'Something went wrong on our side.' };
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}, cookies?: string[]): Result {
  return {
    statusCode: status,
    headers: { ...baseHeaders(), 'content-type': 'application/json; charset=utf-8', ...headers },
    body: body === undefined ? '' : JSON.stringify(body),
    ...(cookies ? { cookies } : {}),
  };
}

/**
 * A 2xx body as the route table says it looks: parsed with the route's response schema, which drops
 * every key it does not name. A body that does not fit (or a JSON route without a schema) is our
 * bug, never sent: it becomes a logged 500. The issues name paths, never values.
 */
function responseBody(name: RouteName, route: RouteDef, reply: Reply): unknown {
  if (reply.status < 200 || reply.status >= 300 || reply.body === undefined) return reply.body;
  const parsed = route.response?.safeParse(reply.body);
  if (parsed?.success) return parsed.data;
  const issues = parsed ? parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.code}`).join('; ') : 'the route has no response schema';
  throw new Error(`The ${name} response does not match its schema: ${issues}`);
}

/** A JSON API route. */
export function apiRoute<N extends RouteName>(name: N, fn: (input: Input<Routes[N]>) => Promise<Reply<ResponseOf<Routes[N]>>>) {
  const route: RouteDef = routes[name];
  const chain = middy<Event, Result>().use({
    onError: async (request) => {
      const p = problemOf(request.error);
      request.response = jsonResponse(p.status, { error: p.message, ...(p.issues ? { issues: p.issues } : {}) });
    },
  });
  if (route.body) chain.use(jsonBodyParser());
  return chain.handler(async (event) => {
    const reply: Reply = await fn(await prepare(routes[name], event, true));
    if (route.responseType && typeof reply.body === 'string') {
      return { statusCode: reply.status, headers: { ...baseHeaders(), ...reply.headers }, body: reply.body };
    }
    return jsonResponse(reply.status, responseBody(name, route, reply), reply.headers, reply.cookies);
  });
}

// ---- pages ----

export type PageReply =
  /** `formAction`: origins besides this site that the page's forms may post to (the papers bucket's, for the upload form). */
  | { view: string; data?: Record<string, unknown>; status?: number; cookies?: string[]; formAction?: string[] }
  | { redirect: string; cookies?: string[] }
  /** Anything else a page route answers with (a CSV download; a Word document, base64-encoded): sent as given, with the base headers. */
  | { raw: { status: number; headers: Record<string, string>; body: string; isBase64Encoded?: boolean } };

export const redirect = (to: string, cookies?: string[]): PageReply => ({ redirect: to, cookies });

function pageHeaders(nonce: string, formAction: string[] = []) {
  return {
    ...baseHeaders(),
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      ["form-action 'self'", ...formAction].join(' '),
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
    'x-frame-options': 'DENY',
  };
}

export function htmlResponse(status: number, view: string, data: Record<string, unknown>, cookies?: string[], formAction?: string[]): Result {
  const nonce = randomBytes(16).toString('base64');
  return {
    statusCode: status,
    headers: pageHeaders(nonce, formAction?.filter((origin) => /^https?:\/\/[^\s;,']+$/.test(origin))),
    body: render(view, { ...data, cspNonce: nonce }),
    ...(cookies?.length ? { cookies } : {}),
  };
}

/** "Page not found" for an address no route has (the local server; API Gateway answers its own in AWS). */
export const notFoundPage = (): Result => htmlResponse(404, 'error.njk', { status: 404 });

/** Form posts arrive url-encoded; repeated fields become arrays. */
export type Form = Record<string, string | string[] | undefined>;

/**
 * What a page handler gets: the posted `form` as it came (to show the values again), and for a route
 * with a form schema its result: `fields` (undefined when the form has issues) and `formIssues`.
 */
export type PageInput<R extends RouteDef> = Omit<Input<R>, 'body'> & {
  form: Form;
  fields: (R['form'] extends z.ZodType ? z.output<R['form']> : never) | undefined;
  formIssues: FieldIssue[];
};

function checkForm(schema: z.ZodType | undefined, form: Form): { fields: unknown; formIssues: FieldIssue[] } {
  if (!schema) return { fields: undefined, formIssues: [] };
  const result = schema.safeParse(form);
  if (result.success) return { fields: result.data, formIssues: [] };
  return { fields: undefined, formIssues: zodIssues(result.error) };
}

/** A server-rendered page or form post. Staff pages without a valid session go to sign-in. */
/** A page's builder: what `pageRoute` calls with the parsed, checked input of route `N`. */
export type PageFn<N extends RouteName> = (input: PageInput<Routes[N]>) => Promise<PageReply>;

/** `bodyParser`: the post's parser when it is not a url-encoded form (a file upload: shared/http/multipart.ts). */
export function pageRoute<N extends RouteName>(name: N, fn: PageFn<N>, options: { bodyParser?: middy.MiddlewareObj<Event, Result> } = {}) {
  const route: RouteDef = routes[name];
  const chain = middy<Event, Result>().use({
    onError: async (request) => {
      const error = request.error;
      if (error instanceof UnauthorizedError && route.access === 'staff') {
        const next = request.event.rawPath + (request.event.rawQueryString ? `?${request.event.rawQueryString}` : '');
        request.response = { statusCode: 303, headers: { ...baseHeaders(), location: `/sign-in?next=${encodeURIComponent(next)}` }, body: '' };
        return;
      }
      if (error instanceof CsrfError) {
        request.response = htmlResponse(403, 'error.njk', { status: 403, heading: 'This form could not be sent', message: error.message, csrf: true });
        return;
      }
      if (error instanceof AuthorLinkError) {
        // Says what to do next, and nothing about any request the link does not open.
        request.response = htmlResponse(error.status, 'paper-link.njk', {
          problem: error.problem,
          message: error.message,
          requestTitle: error.requestTitle,
          contact: config().ENGAGEMENT_MANAGER_EMAIL,
        });
        return;
      }
      const p = problemOf(error);
      // A signed-in person refused (403) is offered sign-out, which needs the session's CSRF token.
      const session = sessionOf(request.event);
      // A question from the public is never lost: whatever went wrong, the page shows it back.
      const posted = request.event.body as unknown;
      const keptQuestion = posted && typeof posted === 'object' && typeof (posted as Form).question === 'string' ? (posted as Form).question : undefined;
      request.response = htmlResponse(p.status, 'error.njk', { status: p.status, message: p.message, issues: p.issues, keptQuestion, csrfToken: session ? csrfTokenFor(session) : undefined });
    },
  });
  if (route.method !== 'GET') chain.use(options.bodyParser ?? urlEncodeBodyParser({ disableContentTypeError: false }));
  return chain.handler(async (event) => {
    const input = await prepare(routes[name], event, false);
    const form = (input.body ?? {}) as Form;
    const session = sessionOf(event);
    // After the session check: no session still goes to sign-in, outside the group is still 403.
    if (route.access === 'staff' && route.method !== 'GET' && !csrfTokenMatches(session, form[CSRF_FIELD])) throw new CsrfError();
    const reply = await fn({ ...input, form, ...(checkForm(route.form, form) as Pick<PageInput<Routes[N]>, 'fields' | 'formIssues'>) });
    if ('raw' in reply) return { statusCode: reply.raw.status, headers: { ...baseHeaders(), ...reply.raw.headers }, body: reply.raw.body, ...(reply.raw.isBase64Encoded ? { isBase64Encoded: true } : {}) };
    if ('redirect' in reply) {
      return { statusCode: 303, headers: { ...baseHeaders(), location: reply.redirect }, body: '', ...(reply.cookies ? { cookies: reply.cookies } : {}) };
    }
    return htmlResponse(reply.status ?? 200, reply.view, { ...reply.data, user: input.user, now: input.now.toISOString(), csrfToken: session ? csrfTokenFor(session) : undefined }, reply.cookies, reply.formAction);
  });
}
