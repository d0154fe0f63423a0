/**
 * Staff sign-in. Locally the form checks the email and password with the local issuer (Cognito's
 * stand-in); in AWS, /sign-in sends people to Cognito's hosted sign-in (see show-sign-in and
 * auth-callback). Either way the ID token ends up in the `session` cookie the page chain checks.
 */
import { createHash, randomBytes } from 'node:crypto';
import { pageRoute, redirect, SESSION_COOKIE, type PageReply } from '../shared/http/handler.js';
import { config, required } from '../shared/config.js';
import { field, fieldErrors, safeLocalPath, type FieldIssue } from '../shared/views/forms.js';

const SESSION_SECONDS = 8 * 60 * 60;
/** Holds the PKCE verifier between /sign-in and /auth/callback (Cognito mode only). */
export const PKCE_COOKIE = 'signin_pkce';

function cookie(name: string, value: string, maxAge: number, path = '/') {
  return [`${name}=${value}`, 'HttpOnly', 'SameSite=Lax', `Path=${path}`, `Max-Age=${maxAge}`, ...(config().SECURE_COOKIES ? ['Secure'] : [])].join('; ');
}

/** The session cookie: the ID token, for at most 8 hours (the token's own expiry still applies). */
export const sessionCookie = (idToken: string) => cookie(SESSION_COOKIE, idToken, SESSION_SECONDS);
export const clearSessionCookie = () => cookie(SESSION_COOKIE, '', 0);
export const clearPkceCookie = () => cookie(PKCE_COOKIE, '', 0, '/auth/callback');

/** Where to go after signing in: a path on this site, else the meetings list. */
export const afterSignIn = (next: string | undefined) => safeLocalPath(next, '/staff/meetings');

/** Cognito's hosted sign-in, with PKCE (a public client: no secret). `state` carries `next`. */
export function cognitoSignIn(baseUrl: string, next: string | undefined): PageReply {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: required('AUTH_CLIENT_ID'),
    redirect_uri: `${baseUrl}/auth/callback`,
    scope: 'openid email profile',
    state: afterSignIn(next),
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  return redirect(`${required('COGNITO_DOMAIN')}/oauth2/authorize?${query.toString()}`, [cookie(PKCE_COOKIE, verifier, 600, '/auth/callback')]);
}

/** The local sign-in form. */
export async function signInForm(opts: { next?: string; email?: string; issues?: FieldIssue[]; status?: number } = {}): Promise<PageReply> {
  const local = config().AUTH_MODE === 'local';
  // Demo users are shown only locally (they do not exist in AWS).
  const users = local ? await import('../infra/local/users.js') : undefined;
  const errors = fieldErrors(opts.issues ?? []);
  return {
    view: 'sign-in.njk',
    status: opts.status ?? 200,
    data: {
      errors,
      values: { email: opts.email ?? '' },
      next: afterSignIn(opts.next),
      localUsers: users?.localUsers,
      localPassword: users?.LOCAL_PASSWORD,
    },
  };
}

/** Asks the local issuer for an ID token; undefined when the email or password is wrong. */
async function localToken(email: string, password: string): Promise<string | undefined> {
  const res = await fetch(`${required('AUTH_ISSUER')}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status === 400 || res.status === 401) return undefined;
  if (!res.ok) throw new Error(`The sign-in service answered ${res.status}`);
  const { id_token: token } = (await res.json()) as { id_token?: string };
  if (!token) throw new Error('The sign-in service sent no ID token');
  return token;
}

export const handler = pageRoute('sign-in', async ({ form, baseUrl }) => {
  const next = field(form, 'next');
  if (config().AUTH_MODE === 'cognito') return cognitoSignIn(baseUrl, next);

  const email = field(form, 'email').trim();
  const password = field(form, 'password');
  const issues: FieldIssue[] = [];
  if (!email) issues.push({ field: 'email', message: 'Enter your email address' });
  if (!password) issues.push({ field: 'password', message: 'Enter your password' });
  if (issues.length) return signInForm({ next, email, issues, status: 400 });

  const token = await localToken(email, password);
  if (!token) {
    return signInForm({ next, email, status: 401, issues: [{ field: 'email', message: 'The email address or password is not right' }] });
  }
  return redirect(afterSignIn(next), [sessionCookie(token)]);
});
