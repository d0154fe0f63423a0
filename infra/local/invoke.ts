/**
 * `npm run invoke -- <route-name> [events/<file>.json]`: calls one function's handler in this
 * process with a sample API Gateway event, as Lambda would, against the services of a running
 * `npm start` — and prints what it answered (status, headers, cookies, body; JSON pretty-printed).
 *
 * The event defaults to events/<route-name>.sample.json (write them with
 * `npx tsx infra/local/make-events.ts`). `{{staffToken}}` in the event becomes a fresh ID token
 * from the local issuer (for --user, default engagement.manager@example.org), and `{{csrfToken}}`
 * in a staff form post that session's CSRF token.
 *
 * The services are the running `npm start`'s (found in .local/stack.json, whatever its options);
 * flags --app, --dynamodb, --ses, --s3, --table, --bucket name one instead; --user <email>.
 * Exits 1 when the handler throws or answers 5xx.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { precompileViews } from '../tools/precompile-views.js';
import { buildStyles } from '../tools/build-styles.js';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { routes, type RouteName } from '../../shared/routes.js';
import { csrfTokenFor } from '../../shared/http/csrf.js';
import { localIssuer } from './issuer.js';
import { useLocalEnv } from './env.js';
import { lambdaContext } from './server.js';
import { localUsers } from './users.js';
import { endpointFlags, stackEndpoints } from './stack-file.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const STAFF_TOKEN = '{{staffToken}}';
/** In staff form posts (url-encoded in the body): the CSRF token of that session. */
const CSRF_TOKEN = '{{csrfToken}}';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

const usage = 'Usage: npm run invoke -- <route-name> [events/<file>.json] [--app URL] [--dynamodb URL] [--ses URL] [--s3 URL] [--user EMAIL]';

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}


/** The body for reading: JSON pretty-printed, text as is, binary as a size. */
function printable(result: APIGatewayProxyStructuredResultV2): string {
  const body = result.body ?? '';
  const type = String((result.headers as Record<string, unknown> | undefined)?.['content-type'] ?? '');
  if (result.isBase64Encoded) {
    const bytes = Buffer.from(body, 'base64');
    return /^(text\/|application\/(json|xml|javascript)|image\/svg)/i.test(type) ? bytes.toString('utf8') : `<${bytes.length} bytes of ${type || 'binary data'}>`;
  }
  if (/json/i.test(type) || /^\s*[[{]/.test(body)) {
    try {
      return JSON.stringify(JSON.parse(body), null, 2);
    } catch {
      /* not JSON after all */
    }
  }
  return body;
}

async function main() {
  const { values: args, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      ...endpointFlags,
      user: { type: 'string', default: 'engagement.manager@example.org' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (args.help) {
    console.log(usage);
    return;
  }
  const [name, file] = positionals;
  if (!name) fail(usage);
  if (!(name in routes)) fail(`No route named "${name}". Routes: ${Object.keys(routes).join(', ')}`);
  const route = routes[name as RouteName];
  const fnFile = join(root, 'functions', `${name}.ts`);
  if (!existsSync(fnFile)) fail(`functions/${name}.ts does not exist (yet).`);
  const eventFile = resolve(file ?? join(root, 'events', `${name}.sample.json`));
  if (!existsSync(eventFile)) fail(`No event file ${eventFile}. Write the samples with: npx tsx infra/local/make-events.ts`);

  let endpoints: ReturnType<typeof stackEndpoints>;
  try {
    endpoints = stackEndpoints(args);
  } catch (e) {
    fail((e as Error).message);
  }
  const app = endpoints.app;
  const issuer = await localIssuer(app, join(root, '.local/keys'));
  let text = readFileSync(eventFile, 'utf8');
  if (text.includes(STAFF_TOKEN)) {
    const user = localUsers.find((u) => u.email === args.user!.toLowerCase());
    if (!user) fail(`No local user ${args.user}. Local users: ${localUsers.map((u) => u.email).join(', ')}`);
    const token = await issuer.sign(user);
    text = text.split(STAFF_TOKEN).join(token);
    for (const placeholder of [CSRF_TOKEN, encodeURIComponent(CSRF_TOKEN)]) text = text.split(placeholder).join(csrfTokenFor(token));
  }
  const event = JSON.parse(text) as APIGatewayProxyEventV2;
  const routeKey = `${route.method} ${route.path}`;
  if (event.routeKey !== routeKey) console.error(`Note: the event's routeKey is "${event.routeKey}"; ${name} serves "${routeKey}".`);

  // The environment and compiled templates the local runtime gives functions (see infra/local/start.ts).
  precompileViews();
  if (route.kind === 'asset') buildStyles();
  useLocalEnv({ app, dynamodb: endpoints.dynamodb, ses: endpoints.ses, s3: endpoints.s3, table: endpoints.table, bucket: endpoints.bucket });

  const { handler } = (await import(pathToFileURL(fnFile).href)) as { handler: Handler };
  const started = performance.now();
  const result = await handler(event, lambdaContext(name));
  const ms = Math.round(performance.now() - started);

  const status = result.statusCode ?? 200;
  console.log(`${name} ← ${event.routeKey} (${eventFile.startsWith(root) ? eventFile.slice(root.length + 1) : eventFile})`);
  console.log(`status: ${status}  (${ms} ms)`);
  console.log('headers:');
  for (const [k, v] of Object.entries(result.headers ?? {})) console.log(`  ${k}: ${v}`);
  if (result.cookies?.length) {
    console.log('cookies:');
    for (const c of result.cookies) console.log(`  ${c}`);
  }
  console.log('body:');
  console.log(printable(result));
  process.exitCode = status >= 500 ? 1 : 0;
}

main()
  .catch((error) => {
    console.error('The handler threw (Lambda would answer 502):');
    console.error(error);
    process.exitCode = 1;
  })
  // AWS SDK clients keep sockets open; a one-off invocation is done once it has printed.
  .finally(() => process.exit());
