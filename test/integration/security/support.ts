/**
 * What the security tests share: an HTTP client for any base URL (the shared local stack, or a
 * private one), a "world" of real data to aim routes at (a meeting, its agenda, a topic, two report
 * requests with their author links, an action, a public question with its deletion link), the path
 * parameters of every route in that world, and a private stack: the same local server code serving
 * the same handlers in this process, on a table of its own in the shared DynamoDB Local, with
 * settings of the test's choosing (a raised rate limit, a captured log).
 */
import { expect, inject } from 'vitest';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DynamoDBClient, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { RouteDef, RouteName } from '../../../shared/routes.js';
import { resetConfig } from '../../../shared/config.js';
import { csrfTokenFor } from '../../../shared/http/csrf.js';
import { ensureTable, localCredentials } from '../../../infra/local/services.js';
import { localIssuer } from '../../../infra/local/issuer.js';
import { useLocalEnv } from '../../../infra/local/env.js';
import { startLocalServer } from '../../../infra/local/server.js';
import { fillPath, ids as sampleIds, samples, type Sample } from '../../../infra/tools/make-events.js';
import { emails, tokenFor, uniqueEmail } from '../../support/http.js';
import { uniqueTuesday } from '../../support/fixtures.js';

export const CLOCK = 'x-scrutiny-now';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: any;
  location: string | null;
}

export interface Call {
  method: string;
  path: string;
  /** A JSON value (sent as JSON), a form (url-encoded) or a raw string (sent as is, with `contentType`). */
  json?: unknown;
  form?: Record<string, string | string[]>;
  raw?: string;
  contentType?: string;
  token?: string;
  cookie?: string;
  now?: string;
  headers?: Record<string, string>;
}

export async function call(base: string, c: Call): Promise<Reply> {
  const headers: Record<string, string> = { ...(c.now ? { [CLOCK]: c.now } : {}), ...c.headers };
  let body: string | undefined;
  if (c.json !== undefined) {
    body = JSON.stringify(c.json);
    headers['content-type'] = 'application/json';
  } else if (c.form) {
    const f = new URLSearchParams();
    for (const [k, v] of Object.entries(c.form)) for (const one of Array.isArray(v) ? v : [v]) f.append(k, one);
    body = f.toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (c.raw !== undefined) {
    body = c.raw;
  }
  if (c.contentType) headers['content-type'] = c.contentType;
  if (c.token) headers.authorization = `Bearer ${c.token}`;
  if (c.cookie) headers.cookie = c.cookie;
  const res = await fetch(base + c.path, { method: c.method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json, location: res.headers.get('location') };
}

/** The staff form fields with this session's CSRF token, as the staff pages render it. */
export const withCsrf = (token: string, form: Record<string, string | string[]> = {}) => ({ ...form, csrf: csrfTokenFor(token) });

// ---- a world of real data ----

export interface World {
  base: string;
  date: string;
  /** A clock 40 days before the meeting: planning, questions and author links are all open. */
  now: string;
  meetingId: string;
  itemId: string;
  publicQuestionsItemId: string;
  topicId: string;
  requestId: string;
  /** The author link secret of `requestId`. */
  authorKey: string;
  /** A second request (another topic) and its secret: "another request's author link". */
  otherRequestId: string;
  otherAuthorKey: string;
  actionId: string;
  questionId: string;
  /** The question's deletion link secret (from the acknowledgement email). */
  forgetKey: string;
  meetingVersion: number;
}

/** The latest link of a kind in the mail to an address (waits a little for the emulator). */
async function linkIn(address: string, pattern: RegExp): Promise<RegExpExecArray> {
  for (let i = 0; i < 60; i++) {
    const found = (await emails(address)).map((m) => pattern.exec(m.body.text ?? '')).filter((m): m is RegExpExecArray => m !== null);
    if (found.length) return found.at(-1)!;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`No email to ${address} with ${pattern}`);
}

/** Makes the world through the API and the public form on `base`, as staff and as a member of the public. */
export async function makeWorld(base: string, token: string): Promise<World> {
  const date = uniqueTuesday();
  // A random minute 40-41 days ahead (before papers are due): the question rate limit counts per clock hour.
  const now = new Date(Date.parse(`${date}T09:00:00Z`) - 40 * 86_400_000 - Math.floor(Math.random() * 1440) * 60_000).toISOString();
  const ok = async (c: Call, status = 201) => {
    const res = await call(base, { token, now, ...c });
    expect(res.status, `${c.method} ${c.path}: ${res.text.slice(0, 400)}`).toBe(status);
    return res.json;
  };
  const meeting = await ok({ method: 'POST', path: '/api/meetings', json: { start: `${date}T14:00`, place: 'Wellington House, Wakefield' } });
  const request = async (title: string) => {
    const topic = await ok({ method: 'POST', path: '/api/topics', json: { title, points: ['Update on Vision Zero'], source: { kind: 'staff' } } });
    const author = { name: 'Chief Inspector Roads', email: uniqueEmail('author') };
    const made = await ok({
      method: 'POST',
      path: `/api/meetings/${meeting.id}/requests`,
      json: { topicId: topic.id, sponsor: { name: 'ACC Roads Policing', email: uniqueEmail('sponsor') }, author },
    });
    const link = await linkIn(author.email, /\/papers\/([0-9A-Z]{26})\/([A-Za-z0-9_-]+)/);
    expect(link[1]).toBe(made.id);
    return { topicId: topic.id as string, requestId: made.id as string, key: link[2]! };
  };
  const first = await request(`Road Safety ${randomUUID().slice(0, 6)}`);
  const second = await request(`Safeguarding ${randomUUID().slice(0, 6)}`);
  const action = await ok({ method: 'POST', path: `/api/meetings/${meeting.id}/actions`, json: { text: 'WYP to share Op Snap figures', owner: 'WYP' } });

  // A public question, through the form as a browser sends it.
  const asker = uniqueEmail('asker');
  const form = await call(base, { method: 'GET', path: `/meetings/${meeting.id}/questions/new`, now });
  const idempotencyKey = /name="idempotencyKey" value="([^"]+)"/.exec(form.text)?.[1];
  expect(idempotencyKey, form.text.slice(0, 400)).toBeDefined();
  const asked = await call(base, {
    method: 'POST',
    path: `/meetings/${meeting.id}/questions`,
    now,
    form: { idempotencyKey: idempotencyKey!, name: 'Jane Example', email: asker, district: 'Kirklees', question: 'Will average speed cameras go on the A62?', website: '' },
  });
  expect(asked.status, asked.text.slice(0, 400)).toBe(200);
  const forget = await linkIn(asker, /\/questions\/([0-9A-Z]{26})\/forget\/([A-Za-z0-9_-]+)/);

  const view = await ok({ method: 'GET', path: `/api/meetings/${meeting.id}` }, 200);
  const agenda = view.agenda as { id: string; standing?: string; topicId?: string }[];
  return {
    base,
    date,
    now,
    meetingId: meeting.id,
    itemId: agenda.find((a) => a.topicId === first.topicId)?.id ?? agenda[0]!.id,
    publicQuestionsItemId: agenda.find((a) => a.standing === 'public-questions')?.id ?? agenda[0]!.id,
    topicId: first.topicId,
    requestId: first.requestId,
    authorKey: first.key,
    otherRequestId: second.requestId,
    otherAuthorKey: second.key,
    actionId: action.id,
    questionId: forget[1]!,
    forgetKey: forget[2]!,
    meetingVersion: view.meeting.version,
  };
}

/** A well-formed secret that opens nothing. */
export const wrongKey = () => Buffer.from(randomUUID() + randomUUID()).toString('base64url').slice(0, 43);

export type LinkChoice = 'right' | 'other' | 'wrong';

/**
 * Every path parameter a route in the table can have, from the world. A route with a parameter
 * not listed here fails the tests that use this, so a new route cannot go untested.
 */
export function paramsOf(route: RouteDef & { name: RouteName }, w: World, link: LinkChoice = 'right'): Record<string, string> {
  const names = [...route.path.matchAll(/\{(\w+)\+?\}/g)].map((m) => m[1]!);
  const forgetRoute = names.includes('questionId') && names.includes('key');
  const values: Record<string, string> = {
    meetingId: w.meetingId,
    requestId: w.requestId,
    itemId: w.itemId,
    actionId: w.actionId,
    topicId: w.topicId,
    questionId: w.questionId,
    // No paper has been uploaded in this world: a well-formed id that names none.
    versionId: ulid(),
    proxy: 'govuk-frontend.min.css',
    key: forgetRoute
      ? link === 'right' ? w.forgetKey : wrongKey()
      : link === 'right' ? w.authorKey : link === 'other' ? w.otherAuthorKey : wrongKey(),
  };
  const out: Record<string, string> = {};
  for (const n of names) {
    if (!(n in values)) throw new Error(`${route.name}: no value for the path parameter {${n}}: add it to paramsOf`);
    out[n] = values[n]!;
  }
  return out;
}

export const pathOf = (route: RouteDef & { name: RouteName }, w: World, link: LinkChoice = 'right') => fillPath(route.path, paramsOf(route, w, link));

/** The route's first sample (infra/tools/make-events.ts) with the sample ids swapped for the world's. */
export function sampleOf(name: RouteName, w: World): Sample {
  const swap = new Map<string, string>([
    [sampleIds.decemberMeeting, w.meetingId],
    [sampleIds.septemberMeeting, w.meetingId],
    [sampleIds.roadSafetyTopic, w.topicId],
    [sampleIds.roadSafetyRequest, w.requestId],
    [sampleIds.roadSafetyItem, w.itemId],
    [sampleIds.septemberAction, w.actionId],
    [sampleIds.question, w.questionId],
    [sampleIds.standing.publicQuestions, w.publicQuestionsItemId],
  ]);
  let text = JSON.stringify(samples[name][0] ?? { case: 'sample' });
  for (const [from, to] of swap) text = text.split(from).join(to);
  return JSON.parse(text) as Sample;
}

// ---- a private stack ----

export interface PrivateStack {
  app: string;
  table: string;
  /** Every item in the private table, sorted by key (a test-only Scan). */
  items(): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/**
 * The local server (infra/local/server.ts) in this process, on a table of its own, with the shared
 * stack's DynamoDB Local, emulators and token issuer. `env` overrides settings (config is re-read).
 */
export async function privateStack(env: Record<string, string> = {}): Promise<PrivateStack> {
  const e = inject('endpoints');
  const table = `security-${randomUUID().slice(0, 8)}`;
  await ensureTable(e.dynamodb, table);
  useLocalEnv(e, { TABLE_NAME: table, ...env });
  const server = await startLocalServer({ port: 0, issuer: await localIssuer(e.app, join(process.cwd(), '.local/keys')) });
  process.env.PUBLIC_BASE_URL = server.url;
  resetConfig();
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: e.dynamodb, region: 'eu-west-2', credentials: localCredentials }));
  return {
    app: server.url,
    table,
    async items() {
      const all: Record<string, unknown>[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const out = await doc.send(new ScanCommand({ TableName: table, ExclusiveStartKey }));
        all.push(...(out.Items ?? []));
        ExclusiveStartKey = out.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return all.sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`));
    },
    async close() {
      await server.close();
      await doc.send(new DeleteTableCommand({ TableName: table })).catch(() => undefined);
      doc.destroy();
    },
  };
}

export const staffToken = () => tokenFor('engagement.manager@example.org');
export const observerToken = () => tokenFor('observer@example.org');
