/**
 * Cognito's hosted sign-in returns here with a code: exchange it (with the PKCE verifier set by
 * /sign-in) for tokens at the token endpoint, keep the ID token in the session cookie, and go on to
 * the page the person first asked for (`state`, checked to be a path on this site).
 */
import { pageRoute, redirect, type Event } from '../shared/http/handler.js';
import { parseCookie } from 'cookie';
import { config, required } from '../shared/config.js';
import { UnauthorizedError, ValidationError } from '../shared/domain/errors.js';
import { afterSignIn, clearPkceCookie, PKCE_COOKIE, sessionCookie } from './sign-in.js';

function verifierOf(event: Event) {
  return event.cookies?.length ? parseCookie(event.cookies.join('; '))[PKCE_COOKIE] : undefined;
}

export const handler = pageRoute('auth-callback', async ({ event, baseUrl }) => {
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
});
