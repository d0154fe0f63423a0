/**
 * Hostile input, property-based (fast-check), through real HTTP: every JSON route (API routes with
 * a body) and every form route (page posts) gets malformed, oversized, wrongly typed and
 * odd-Unicode input aimed at real data (a meeting with its agenda, requests, an action and a
 * question). Each answer is a 4xx with a message, never a 5xx, and the table then holds exactly
 * what it held before, item for item.
 *
 * The server is the local server (infra/local/server.ts, the same handlers) started in this
 * process on a table of its own, so the whole table can be compared while other test files write
 * to theirs. "Hostile" is made invalid by construction: JSON bodies are kept only if the route's
 * own zod schema refuses them; form fields are replaced with values no field accepts (longer than
 * any limit, or the first of repeated values), or the whole body is malformed.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { routeList, type RouteDef, type RouteName } from '../../../shared/routes.js';
import { typeable } from '../../../shared/schemas/common.js';
import { call, makeWorld, privateStack, staffToken, withCsrf, type Call, type PrivateStack, type Reply, type World } from '../../support/world.js';
import { pathOf, sampleOf } from './support.js';

type Route = RouteDef & { name: RouteName };

/** Characters that break naive code: controls, lone surrogates, bidi overrides, zero-widths, lookalikes, markup. */
const NASTY = [
  '\u0000', '\u0007', '\u001b[31m', '\u007f', '\u0085', '\u00a0', '\u200b', '\u200d', '\u202e', '\u2066', '\ufeff', '\ufffe', '\uffff',
  '\ud800', '\udfff', '\ud83d', '\u0301\u0301\u0301', '\u2028', '\u2029', '１２', '٣٤', 'Ⅻ', '𝟘𝟙', '\u{1F600}', '\u{E0041}', 'İ', 'ß', 'ﬁ',
  '<script>alert(1)</script>', '"', "'", '\\', '%00', '%', '../../', '{{7*7}}', '${7*7}', '__proto__', 'constructor', '\r\nBcc: x@example.org',
];
const odd = fc.oneof(
  fc.array(fc.constantFrom(...NASTY), { minLength: 1, maxLength: 6 }).map((a) => a.join('')),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
);
/** Longer than any field's limit (the longest is an answer, 10,000 characters). */
const oversized = fc.tuple(fc.constantFrom(12_000, 40_000, 120_000), fc.constantFrom('x', 'é', '\u{1F600}', '\u202e', 'a ')).map(([n, c]) => c.repeat(n));
const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);
const hostile = fc.oneof(odd, oversized, wrongType);

// Runs per property: kept small for npm test's time; HOSTILE_RUNS=100 npx vitest run test/integration/security for a deeper search.
const RUNS = Number(process.env.HOSTILE_RUNS ?? 6);

let stack: PrivateStack;
let w: World;
let staff: string;
let before: string;

beforeAll(async () => {
  // A raised rate limit: refused submissions never count, but the world itself asks a question.
  stack = await privateStack({ QUESTION_RATE_LIMIT_PER_HOUR: '1000', QUESTION_ACKS_PER_HOUR: '100000' });
  staff = await staffToken();
  w = await makeWorld(stack.app, staff);
}, 120_000);

// Each test starts from what the table holds and must leave it so.
beforeEach(async () => {
  // The emails earlier tests queued are sent first (the stack's outbox marks them as it goes).
  await stack.outboxIdle();
  before = JSON.stringify(await stack.items());
});

afterAll(async () => {
  await stack?.close();
});

async function expectUnchanged(what: string) {
  const now = JSON.stringify(await stack.items());
  if (now !== before) {
    const was = new Set((JSON.parse(before) as object[]).map((i) => JSON.stringify(i)));
    const changed = (JSON.parse(now) as object[]).filter((i) => !was.has(JSON.stringify(i)));
    expect.fail(`${what} changed the table: ${JSON.stringify(changed).slice(0, 1500)}`);
  }
}

function expect4xx(c: Call, r: Reply) {
  const said = `${c.method} ${c.path} ${c.contentType ?? ''} ${(c.raw ?? JSON.stringify(c.json ?? c.form) ?? '').slice(0, 200)} → ${r.status}: ${r.text.slice(0, 300)}`;
  expect(r.status, said).toBeGreaterThanOrEqual(400);
  expect(r.status, said).toBeLessThan(500);
  if (r.headers.get('content-type')?.startsWith('application/json')) {
    expect(typeof r.json?.error, said).toBe('string');
    expect(r.json.error.length, said).toBeGreaterThan(0);
  } else {
    expect(r.headers.get('content-type'), said).toMatch(/^text\/html/);
    // A page that says what went wrong: the error page, or the form again with its error summary.
    expect(r.text, said).toMatch(/govuk-error-summary|<p class="govuk-body">[^<]+/);
  }
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Percent-encoded; a lone surrogate (which no URL can carry) becomes the bytes of an invalid UTF-8 sequence. */
const encodePathSegment = (v: string) => v.split(LONE_SURROGATE).map(encodeURIComponent).join('%ED%A0%80');

/** JSON round trip (what the server will see), and whether the route's schema refuses it. */
const refused = (route: Route, value: unknown) => {
  const seen = value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  return !route.body!.safeParse(seen).success;
};

/** The sample body with the value at one path replaced (or removed). */
function mutate(body: unknown, pick: number, value: unknown, remove: boolean): unknown {
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, path: (string | number)[]) => {
    if (path.length) paths.push(path);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(body, []);
  if (!paths.length) return value;
  const copy = JSON.parse(JSON.stringify(body));
  const path = paths[pick % paths.length]!;
  let at = copy;
  for (const k of path.slice(0, -1)) at = at[k];
  const last = path.at(-1)!;
  if (remove && !Array.isArray(at)) delete at[last];
  else at[last] = value;
  return copy;
}

const jsonRoutes = routeList.filter((r) => r.kind === 'api' && r.body);
// Sign-out and the deletion confirmation read no fields: they are a button (the deletion link is
// the secret; with a wrong one it is a 404 whatever is posted).
// The minutes upload is a multipart form (a file, or pasted text up to 300,000 characters): its bad
// input (too large, too long, not minutes, ZIP bombs) is test/integration/import's.
const formRoutes = routeList.filter((r) => r.kind === 'page' && r.method !== 'GET' && !['sign-out', 'submit-forget', 'submit-minutes-import'].includes(r.name));

describe('JSON routes', () => {
  it('there are some', () => expect(jsonRoutes.length).toBeGreaterThan(10));

  describe.each(jsonRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', (_label, route: Route) => {
    const send = (c: Partial<Call>) => {
      const full: Call = { method: route.method, path: pathOf(route, w), token: staff, now: w.now, ...c };
      return call(stack.app, full).then((r) => ({ c: full, r }));
    };

    it('malformed JSON', async () => {
      const malformed = fc.oneof(
        fc.constantFrom('{', '{"version":', '[1,2', '{"version":1,}', "{'version':1}", '{"a":1}{"b":2}', 'undefined', 'NaN', '\u0000', '{"version":1e999}', ' '),
        fc.string({ unit: 'binary', maxLength: 30 }),
      );
      await fc.assert(
        fc.asyncProperty(malformed, async (raw) => {
          let parsed: unknown;
          try {
            parsed = JSON.parse(raw);
          } catch {
            parsed = Symbol('not json');
          }
          fc.pre(typeof parsed === 'symbol' || refused(route, parsed));
          const { c, r } = await send({ raw, contentType: 'application/json' });
          expect4xx(c, r);
        }),
        { numRuns: RUNS },
      );
      await expectUnchanged(route.name);
    });

    it('wrong types and shapes', async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(wrongType, fc.jsonValue({ maxDepth: 3 }), odd), async (value) => {
          fc.pre(refused(route, value));
          const { c, r } = await send({ json: value });
          expect4xx(c, r);
        }),
        { numRuns: RUNS },
      );
      await expectUnchanged(route.name);
    });

    it('the sample with one field hostile (odd Unicode, oversized, wrong type) or missing', async () => {
      const sample = sampleOf(route.name, w).json ?? {};
      await fc.assert(
        fc.asyncProperty(fc.nat(), hostile, fc.boolean(), async (pick, value, remove) => {
          const body = mutate(sample, pick, value, remove);
          fc.pre(refused(route, body));
          const { c, r } = await send({ json: body });
          expect4xx(c, r);
        }),
        { numRuns: RUNS },
      );
      await expectUnchanged(route.name);
    });

    it('a valid body sent as something other than JSON', async () => {
      const body = JSON.stringify(sampleOf(route.name, w).json ?? {});
      for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/json', 'application/jsonp']) {
        const { c, r } = await send({ raw: body, contentType });
        expect4xx(c, r);
      }
      await expectUnchanged(route.name);
    });
  });
});

describe('form routes', () => {
  it('there are some', () => expect(formRoutes.length).toBeGreaterThan(10));

  describe.each(formRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', (_label, route: Route) => {
    const staffRoute = route.access === 'staff';
    const send = (c: Partial<Call>) => {
      const full: Call = { method: route.method, path: pathOf(route, w), now: w.now, ...(staffRoute ? { cookie: `session=${staff}` } : {}), ...c };
      return call(stack.app, full).then((r) => ({ c: full, r }));
    };
    const signed = (form: Record<string, string | string[]>) => (staffRoute ? withCsrf(staff, form) : form);
    const fields = () => Object.keys(sampleOf(route.name, w).form ?? {}).filter((f) => !LENIENT.includes(f));

    it('the sample with one field made longer than any limit, or repeated with a hostile value first', async () => {
      const sample = sampleOf(route.name, w).form ?? {};
      fc.pre(fields().length > 0);
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...fields()), oversized, fc.boolean(), async (name, long, repeat) => {
          // Repeated, only the first value counts: the valid one second must not rescue it.
          const form = { ...sample, [name]: repeat ? [long, String(sample[name] ?? '')] : long };
          const { c, r } = await send({ form: signed(form) });
          expect4xx(c, r);
        }),
        { numRuns: RUNS },
      );
      await expectUnchanged(route.name);
    });

    it('malformed bodies: broken percent-encoding, junk fields, the wrong content type', async () => {
      const junk = fc.oneof(
        fc.constantFrom('%', '%E0%A4%A', '%ZZ=%ZZ', '=&=&=', '&&&&', 'a=%00%00', '%C0%AE%C0%AE%2F', '%ED%A0%80=1', 'x'.repeat(200_000)),
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.dictionary(fc.string({ maxLength: 8 }), odd, { maxKeys: 4 }).map((d) => new URLSearchParams(d).toString()),
      );
      await fc.assert(
        fc.asyncProperty(junk, async (raw) => {
          const extra = staffRoute ? `&${new URLSearchParams(withCsrf(staff)).toString()}` : '';
          const { c, r } = await send({ raw: raw + extra, contentType: 'application/x-www-form-urlencoded' });
          expect4xx(c, r);
        }),
        { numRuns: RUNS },
      );
      for (const contentType of ['application/json', 'text/plain', 'multipart/form-data; boundary=x']) {
        const { c, r } = await send({ raw: new URLSearchParams(signed(sampleOf(route.name, w).form ?? {}) as Record<string, string>).toString(), contentType });
        expect4xx(c, r);
      }
      await expectUnchanged(route.name);
    });
  });
});

describe('odd Unicode in free text', () => {
  const untypeable = (v: string) => !typeable(v);

  it('a topic title (API): refused with 400 when it holds control characters or broken surrogates, else kept exactly as typed', async () => {
    await fc.assert(
      fc.asyncProperty(odd, async (title) => {
        const trimmed = title.trim();
        fc.pre(trimmed.length > 0 && trimmed.length <= 200);
        const c: Call = { method: 'POST', path: '/api/topics', token: staff, now: w.now, json: { title, points: ['Prevent referrals'], source: { kind: 'staff' } } };
        const r = await call(stack.app, c);
        if (untypeable(trimmed)) {
          expect4xx(c, r);
          expect(r.json.error).toMatch(/characters that cannot be used/);
          return;
        }
        expect(r.status, r.text).toBe(201);
        const topics = (await call(stack.app, { method: 'GET', path: '/api/topics', token: staff })).json.topics as { id: string; title: string }[];
        expect(topics.find((t) => t.id === r.json.id)?.title).toBe(trimmed);
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it('a public question (the form): refused with the form again when it holds control characters or broken surrogates, else kept exactly', async () => {
    await fc.assert(
      fc.asyncProperty(odd, async (words) => {
        const question = `Why ${words} on the A62?`;
        const form = await call(stack.app, { method: 'GET', path: `/meetings/${w.meetingId}/questions/new`, now: w.now });
        const idempotencyKey = /name="idempotencyKey" value="([^"]+)"/.exec(form.text)![1]!;
        const fields = { idempotencyKey, name: 'Jane Example', email: 'jane.example@example.org', district: 'Leeds', question, website: '' };
        // Sent as a browser sends it: a lone surrogate cannot be UTF-8, so it arrives as U+FFFD.
        const sent = question.replace(LONE_SURROGATE, '\ufffd');
        const c: Call = { method: 'POST', path: `/meetings/${w.meetingId}/questions`, now: w.now, form: fields };
        await stack.outboxIdle();
        const itemsBefore = JSON.stringify(await stack.items());
        const r = await call(stack.app, c);
        if (untypeable(sent)) {
          expect4xx(c, r);
          expect(r.text).toContain('characters that cannot be used');
          expect(JSON.stringify(await stack.items())).toBe(itemsBefore);
          return;
        }
        expect(r.status, r.text.slice(0, 300)).toBe(200);
        const reference = /id="reference">([^<]+)</.exec(r.text)?.[1];
        const listed = (await call(stack.app, { method: 'GET', path: `/api/meetings/${w.meetingId}/questions`, token: staff })).json.questions as { reference: string; text?: string; question?: string }[];
        const stored = listed.find((q) => q.reference === reference);
        expect(stored, r.text.slice(0, 300)).toBeDefined();
        expect(stored!.text ?? stored!.question).toBe(sent.trim());
      }),
      { numRuns: RUNS * 2 },
    );
  });
});

describe('whole requests', () => {
  it('a body over API Gateway’s 10 MB is refused with 413 before any handler runs', async () => {
    const r = await call(stack.app, { method: 'POST', path: '/api/topics', token: staff, raw: `{"title":"${'x'.repeat(10_500_000)}"}`, contentType: 'application/json' });
    expect(r.status).toBe(413);
    expect(r.json.error).toMatch(/larger than 10 MB/);
    await expectUnchanged('a 10 MB body');
  });

  it('hostile path parameters: 4xx on every route, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routeList.filter((r) => /\{\w+\}/.test(r.path))), fc.oneof(odd, oversized.map((s) => s.slice(0, 1000))), async (route, value) => {
        const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
        const path = pathOf(route, w).split('/');
        const template = route.path.split('/');
        const at = template.findIndex((seg) => seg === `{${names[value.length % names.length]}}`);
        path[at] = encodePathSegment(value);
        const c: Call = {
          method: route.method,
          path: path.join('/'),
          now: w.now,
          token: staff,
          cookie: `session=${staff}`,
          ...(route.method === 'GET' ? {} : route.kind === 'api' ? { json: sampleOf(route.name, w).json ?? {} } : { form: withCsrf(staff, sampleOf(route.name, w).form) }),
        };
        const r = await call(stack.app, c);
        expect4xx(c, r);
      }),
      { numRuns: RUNS * 5 },
    );
    await expectUnchanged('hostile path parameters');
  });
});

/**
 * Fields a form reads leniently on purpose, so no value of theirs is refused: where to go next
 * (any value not on this site falls back to a page of ours), the CSRF token (checked on its own,
 * 403), the honeypot (filled means "pretend success", 200), and tick boxes and switch buttons
 * (anything but the one "on" value means off).
 */
const LENIENT = ['returnTo', 'next', 'csrf', 'website', 'publishName', 'off'];

