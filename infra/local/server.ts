/**
 * The local server: turns each HTTP request into an API Gateway HTTP API (payload 2.0) event and
 * calls the very handler Lambda runs, chosen from the same route table. It also serves the local
 * token issuer (the stand-in for Cognito), which in AWS lives outside the app.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { routeList, type RouteName } from '../../shared/routes.js';
import { CLOCK_HEADER, notFoundPage } from '../../shared/http/handler.js';
import { ISSUER_PATH, type LocalIssuer } from './issuer.js';
import { authorize, UNAUTHORIZED_BODY } from './authorizer.js';
import { pathPattern, selectRoute } from './routing.js';
import { startOutboxPoller } from './outbox-poller.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const MAX_BODY = 10 * 1024 * 1024; // API Gateway's payload limit

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

const compiled = routeList.map((r) => ({ ...r, pattern: pathPattern(r.path) }));

const handlers = new Map<RouteName, Promise<Handler>>();
function handlerFor(name: RouteName): Promise<Handler> {
  let h = handlers.get(name);
  if (!h) {
    h = import(pathToFileURL(join(root, 'functions', `${name}.ts`)).href).then((m: { handler: Handler }) => m.handler);
    handlers.set(name, h);
  }
  return h;
}

function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => resolveBody(size > MAX_BODY ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const isText = (type: string | undefined) => !type || /^(text\/|application\/(json|x-www-form-urlencoded|xml)|.*\+json)/i.test(type);

export interface LocalServerOptions {
  port: number;
  host?: string;
  issuer: LocalIssuer;
  /** A fixed "now" for every request that does not bring its own x-scrutiny-now header (demos). */
  now?: string;
}

export function startLocalServer(options: LocalServerOptions) {
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const url = new URL(req.url ?? '/', 'http://local');
      const method = (req.method ?? 'GET').toUpperCase();

      if (url.pathname.startsWith(ISSUER_PATH)) return await issuerRoute(options.issuer, url.pathname, method, req, res);

      const { route, pathMatches } = selectRoute(compiled, url.pathname, method);
      if (!route) {
        // An address no page has gets the same "Page not found" page as a page that finds nothing.
        if (!pathMatches && !url.pathname.startsWith('/api/')) return send(res, notFoundPage(), method);
        const status = pathMatches ? 405 : 404;
        res.writeHead(status, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ error: status === 404 ? `Nothing is at ${url.pathname}` : `${method} is not allowed here` }));
      }
      const body = await readBody(req);
      if (body === 'too-large') {
        res.writeHead(413, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ error: 'The request body is larger than 10 MB' }));
      }
      // Staff API routes sit behind API Gateway's JWT authorizer in AWS; here behind its stand-in.
      let claims: Record<string, string> | undefined;
      if (route.kind === 'api' && route.access === 'staff') {
        claims = await authorize(req.headers.authorization);
        if (!claims) {
          res.writeHead(401, { 'content-type': 'application/json' });
          return res.end(UNAUTHORIZED_BODY);
        }
      }
      const event = toEvent(req, url, route, body, options.now, claims);
      return send(res, await (await handlerFor(route.name))(event, lambdaContext(route.name)), method);
    } catch (error) {
      // A handler that throws past its own error handling is a bug: show it as Lambda would (502).
      console.error(error);
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'Internal Server Error' }));
    }
  });
  // The outbox's sender: what the table stream and the schedule do in AWS.
  const stopOutbox = startOutboxPoller(root, options.now);
  return new Promise<{ url: string; close(): Promise<void> }>((resolveServer) => {
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolveServer({
        url: `http://localhost:${port}`,
        close: async () => {
          await stopOutbox();
          await new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          });
        },
      });
    });
  });
}

function send(res: ServerResponse, result: APIGatewayProxyStructuredResultV2, method: string) {
  const headers: Record<string, string | string[]> = { ...(result.headers as Record<string, string>) };
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(method === 'HEAD' ? undefined : result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''));
}

function toEvent(req: IncomingMessage, url: URL, route: (typeof compiled)[number], body: Buffer, now?: string, claims?: Record<string, string>): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (k !== 'cookie' && v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
  }
  if (now && !headers[CLOCK_HEADER]) headers[CLOCK_HEADER] = now;
  const cookies = req.headers.cookie?.split(/;\s*/).filter(Boolean);
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const match = route.pattern.exec(url.pathname)!;
  const pathParameters = Object.fromEntries(Object.entries(match.groups ?? {}).map(([k, v]) => [k, safeDecode(v)]));
  const text = isText(headers['content-type']);
  const at = new Date();
  return {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies?.length ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(Object.keys(pathParameters).length ? { pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: { method: route.method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      time: at.toUTCString(),
      timeEpoch: at.getTime(),
      ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
    },
    ...(body.length ? { body: text ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !text,
  };
}

function safeDecode(v: string) {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

/** A Lambda context for a local call (also used by `npm run invoke`). */
export function lambdaContext(name: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${name}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/local/${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

async function issuerRoute(issuer: LocalIssuer, path: string, method: string, req: IncomingMessage, res: ServerResponse) {
  if (method === 'GET' && path === `${ISSUER_PATH}/.well-known/jwks.json`) {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify(issuer.jwks()));
  }
  if (method === 'POST' && path === `${ISSUER_PATH}/token`) {
    const body = await readBody(req);
    let creds: { email?: string; password?: string } = {};
    try {
      creds = JSON.parse(body.toString());
    } catch {
      /* answered below */
    }
    const token = creds.email && creds.password ? await issuer.signIn(creds.email, creds.password) : undefined;
    res.writeHead(token ? 200 : 401, { 'content-type': 'application/json' });
    return res.end(JSON.stringify(token ? { id_token: token } : { error: 'The email address or password is not right' }));
  }
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: 'Unknown issuer endpoint' }));
}
