/** Page layer (called by functions/ wiring): Staff sign-in and sign-out, locally and with Cognito. */
import { createHash, randomBytes } from 'node:crypto';
import { redirect, SESSION_COOKIE, type PageReply, type Event, type PageFn } from '../http/handler.js';
import { config, required } from '../config.js';
import { field, fieldErrors, safeLocalPath, type FieldIssue } from '../views/forms.js';
import { parseCookie } from 'cookie';
import { UnauthorizedError, ValidationError } from '../domain/errors.js';

/**
 * Staff sign-in. Locally the form checks the email and password with the local issuer (Cognito's
 * stand-in); in AWS, /sign-in sends people to Cognito's hosted sign-in (see show-sign-in and
 * auth-callback). Either way the ID token ends up in the `session` cookie the page chain checks.
 */

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

/** Where to go after signing in: a path on this site, else the staff home (what needs doing). */
export const afterSignIn = (next: string | undefined) => safeLocalPath(next, '/staff');

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
  // Demo users are shown only locally: the local runtime names them; they do not exist in AWS.
  const demo = config().AUTH_MODE === 'local' ? config().LOCAL_DEMO_USERS : undefined;
  const errors = fieldErrors(opts.issues ?? []);
  return {
    view: 'sign-in.njk',
    status: opts.status ?? 200,
    data: {
      errors,
      values: { email: opts.email ?? '' },
      next: afterSignIn(opts.next),
      localUsers: demo?.users,
      localPassword: demo?.password,
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

export const signIn: PageFn<'sign-in'> = async ({ form, fields, formIssues, baseUrl }) => {
  const next = field(form, 'next');
  if (config().AUTH_MODE === 'cognito') return cognitoSignIn(baseUrl, next);
  if (!fields) return signInForm({ next, email: field(form, 'email').trim(), issues: formIssues, status: 400 });

  const { email, password } = fields;
  const token = await localToken(email, password);
  if (!token) {
    return signInForm({ next, email, status: 401, issues: [{ field: 'email', message: 'The email address or password is not right' }] });
  }
  return redirect(afterSignIn(next), [sessionCookie(token)]);
};

/** Locally: the sign-in form. In AWS: straight on to Cognito's hosted sign-in. */
export const showSignIn: PageFn<'show-sign-in'> = async ({ event, baseUrl }) => {
  const next = event.queryStringParameters?.next;
  if (config().AUTH_MODE === 'cognito') return cognitoSignIn(baseUrl, next);
  return signInForm({ next });
};

/** Clears the session cookie. (The Cognito session, if any, ends when its own cookie expires.) */
export const signOut: PageFn<'sign-out'> = async () => redirect('/', [clearSessionCookie()]);

/**
 * Cognito's hosted sign-in returns here with a code: exchange it (with the PKCE verifier set by
 * /sign-in) for tokens at the token endpoint, keep the ID token in the session cookie, and go on to
 * the page the person first asked for (`state`, checked to be a path on this site).
 */

function verifierOf(event: Event) {
  return event.cookies?.length ? parseCookie(event.cookies.join('; '))[PKCE_COOKIE] : undefined;
}

export const authCallback: PageFn<'auth-callback'> = async ({ event, baseUrl }) => {
  // Locally there is no hosted sign-in to come back from: the local sign-in form is the way in.
  if (config().AUTH_MODE === 'local') return redirect('/sign-in');
  const q = event.queryStringParameters ?? {};
  if (q.error) throw new UnauthorizedError(`Sign-in did not finish (${q.error_description ?? q.error}). Go back and sign in again.`);
  if (!q.code) throw new ValidationError('This address is where sign-in returns to; it needs a sign-in code. Sign in again.');
  const verifier = verifierOf(event);
  if (!verifier) throw new ValidationError('Your sign-in took too long or began in another browser. Sign in again.');

  const res = await fetch(`${required('COGNITO_DOMAIN')}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: required('AUTH_CLIENT_ID'),
      code: q.code,
      redirect_uri: `${baseUrl}/auth/callback`,
      code_verifier: verifier,
    }).toString(),
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status === 400) throw new ValidationError('That sign-in code has expired or was already used. Sign in again.');
  if (!res.ok) throw new Error(`The token endpoint answered ${res.status}`);
  const { id_token: token } = (await res.json()) as { id_token?: string };
  if (!token) throw new Error('The token endpoint sent no ID token');
  return redirect(afterSignIn(q.state), [sessionCookie(token), clearPkceCookie()]);
};
