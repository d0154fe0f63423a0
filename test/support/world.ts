/**
 * A "world" of real data to aim routes at, made through the API and the public form as staff and a
 * member of the public do (a meeting, its agenda, a topic, two report requests with their author
 * links, an action, a public question with its deletion link); an HTTP client for any base URL (the
 * shared local stack, or a private one); and a private stack: the same local server code serving
 * the same handlers in this process, on a table of its own in the shared DynamoDB Local, with
 * settings of the test's choosing (a raised rate limit, a captured log).
 */
import { expect, inject } from 'vitest';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DynamoDBClient, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { resetConfig } from '../../shared/config.js';
import { csrfTokenFor } from '../../shared/http/csrf.js';
import { ensureTable, localCredentials } from '../../infra/local/services.js';
import { localIssuer } from '../../infra/local/issuer.js';
import { useLocalEnv } from '../../infra/local/env.js';
import { startLocalServer } from '../../infra/local/server.js';
import { AUTHOR_LINK, CLOCK, FORGET_LINK, linkIn, tokenFor, uniqueEmail } from './http.js';
import { daysBefore, uniqueTuesday } from './fixtures.js';

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

// ---- the world ----

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
  /** The first request's author on the people list (typed in on the request, so saved there). */
  personId: string;
  questionId: string;
  /** The question's deletion link secret (from the acknowledgement email). */
  forgetKey: string;
  meetingVersion: number;
}

/** Makes the world through the API and the public form on `base`, as staff and as a member of the public. */
export async function makeWorld(base: string, token: string): Promise<World> {
  const date = uniqueTuesday();
  // A random minute 40-41 days ahead (before papers are due): the question rate limit counts per clock hour.
  const now = new Date(Date.parse(daysBefore(date, 40)) - Math.floor(Math.random() * 1440) * 60_000).toISOString();
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
    const link = await linkIn(author.email, AUTHOR_LINK);
    expect(link[1]).toBe(made.id);
    return { topicId: topic.id as string, requestId: made.id as string, key: link[2]!, personId: made.author.personId as string };
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
  const forget = await linkIn(asker, FORGET_LINK);

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
    personId: first.personId,
    questionId: forget[1]!,
    forgetKey: forget[2]!,
    meetingVersion: view.meeting.version,
  };
}

// ---- a private stack ----

export interface PrivateStack {
  app: string;
  table: string;
  /** Every item in the private table, sorted by key (a test-only Scan). */
  items(): Promise<Record<string, unknown>[]>;
  /** Waits (up to 10 s) until this stack's outbox has sent every email queued so far, so the table holds still. */
  outboxIdle(): Promise<void>;
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
  const items = async () => {
    const all: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const out = await doc.send(new ScanCommand({ TableName: table, ExclusiveStartKey }));
      all.push(...(out.Items ?? []));
      ExclusiveStartKey = out.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return all.sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`));
  };
  return {
    app: server.url,
    table,
    items,
    async outboxIdle() {
      for (let i = 0; i < 200; i++) {
        if (!(await items()).some((item) => item.entity === 'email' && (item.status === 'pending' || item.status === 'sending'))) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('The outbox still had emails to send after 10 s');
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
