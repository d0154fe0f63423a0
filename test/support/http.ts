/** Talking to the local stack over real HTTP: the API, pages, form posts and the SES emulator. */
import { inject } from 'vitest';
import { join } from 'node:path';
import { localIssuer } from '../../infra/local/issuer.js';
import { localUsers } from '../../infra/local/users.js';
import { csrfTokenFor } from '../../shared/http/csrf.js';

export const endpoints = () => inject('endpoints');
export const CLOCK = 'x-scrutiny-now';

/** An ID token from the local issuer (the same one `npm run token` prints). */
export async function tokenFor(email = 'engagement.manager@example.org', lifetime?: string) {
  const user = localUsers.find((u) => u.email === email);
  if (!user) throw new Error(`No local user ${email}`);
  const issuer = await localIssuer(endpoints().app, join(process.cwd(), '.local/keys'));
  return issuer.sign(user, lifetime);
}

export interface Options {
  token?: string | null;
  /** The injected clock for this request (an ISO instant). */
  now?: string;
  headers?: Record<string, string>;
}

export interface JsonReply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

let defaultToken: Promise<string> | undefined;

/** Calls the JSON API; staff token by default, `token: null` for none. */
export async function api<T = any>(method: string, path: string, body?: unknown, options: Options = {}): Promise<JsonReply<T>> {
  const token = options.token === undefined ? await (defaultToken ??= tokenFor()) : options.token;
  const res = await fetch(endpoints().app + path, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(options.now ? { [CLOCK]: options.now } : {}),
      ...options.headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** A signed-in browser-like session for the pages: a session cookie from the real sign-in form. */
export async function signIn(email = 'engagement.manager@example.org', password = 'scrutiny-local'): Promise<string> {
  const res = await fetch(`${endpoints().app}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password }).toString(),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('session='));
  if (!cookie) throw new Error(`Sign-in failed with status ${res.status}`);
  return cookie.split(';')[0]!;
}

export interface PageReply {
  status: number;
  html: string;
  location: string | null;
  headers: Headers;
}

export async function page(path: string, options: { cookie?: string; now?: string } = {}): Promise<PageReply> {
  const res = await fetch(endpoints().app + path, {
    redirect: 'manual',
    headers: { ...(options.cookie ? { cookie: options.cookie } : {}), ...(options.now ? { [CLOCK]: options.now } : {}) },
  });
  return { status: res.status, html: await res.text(), location: res.headers.get('location'), headers: res.headers };
}

/** Posts a form; with a session cookie it adds that session's CSRF token, as the staff forms carry it (unless `csrf` is given). */
export async function postForm(path: string, fields: Record<string, string | string[]>, options: { cookie?: string; now?: string } = {}): Promise<PageReply> {
  const form = new URLSearchParams();
  const session = /(?:^|;\s*)session=([^;]+)/.exec(options.cookie ?? '')?.[1];
  const all = session && !('csrf' in fields) ? { ...fields, csrf: csrfTokenFor(session) } : fields;
  for (const [k, v] of Object.entries(all)) for (const one of Array.isArray(v) ? v : [v]) form.append(k, one);
  const res = await fetch(endpoints().app + path, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...(options.now ? { [CLOCK]: options.now } : {}),
    },
    body: form.toString(),
  });
  return { status: res.status, html: await res.text(), location: res.headers.get('location'), headers: res.headers };
}

export interface SentEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

/** Every email the SES emulator holds, optionally only those to an address. */
export async function emails(to?: string): Promise<SentEmail[]> {
  const res = await fetch(`${endpoints().ses}/store`);
  const { emails: all } = (await res.json()) as { emails: SentEmail[] };
  return to ? all.filter((e) => e.destination.to.some((d) => d.includes(to))) : all;
}

/**
 * Asks `read` again (every 50 ms, up to 10 s) until `done` holds, and answers what it read. A loop,
 * not expect.poll, so that set-up hooks (beforeAll) can wait for mail too.
 */
async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Waited 10 s for ${what}`);
}

/**
 * Waits for at least `count` emails to an address whose subject matches (the SES emulator stores
 * mail as it is sent, after the HTTP reply), and answers those emails, oldest first.
 */
export const mailTo = (address: string, count = 1, subject = /(?:)/): Promise<SentEmail[]> =>
  waitFor(
    async () => (await emails(address)).filter((m) => subject.test(m.subject)),
    (mails) => mails.length >= count,
    `${count} email(s) to ${address} with a subject like ${subject}`,
  );

/** Links in the mail to an address: the staff-sent author link, the question deletion link. */
export const AUTHOR_LINK = /\/papers\/([0-9A-Z]{26})\/([A-Za-z0-9_-]+)/;
export const FORGET_LINK = /\/questions\/([0-9A-Z]{26})\/forget\/([A-Za-z0-9_-]+)/;

/** The latest link of a kind in the mail to an address, with its groups (waits for the emulator). */
export async function linkIn(address: string, pattern: RegExp): Promise<RegExpExecArray> {
  const found = await waitFor(
    async () => (await emails(address)).map((m) => pattern.exec(m.body.text ?? '')).filter((m): m is RegExpExecArray => m !== null),
    (links) => links.length > 0,
    `an email to ${address} with ${pattern}`,
  );
  return found.at(-1)!;
}

/** A unique email address per test, so tests can run in parallel and read only their own mail. */
export const uniqueEmail = (who: string) => `${who}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}@example.org`;
