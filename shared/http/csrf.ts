/**
 * Cross-site request forgery protection for staff form posts. Every staff form carries a hidden
 * `csrf` field whose value is an HMAC of the session cookie; the page chain recomputes it and
 * refuses a staff POST without the right one (403). Another site can make a browser send the
 * session cookie (SameSite=Lax stops most of that, not all: not a same-site page, not an old
 * browser), but it cannot read the cookie (HttpOnly) or the page, so it cannot know the token.
 *
 * Keyed by the session itself, so no server secret is needed and the token changes with each
 * sign-in; the HMAC is one-way, so the token on the page gives nothing away about the session.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The form field every staff form carries. */
export const CSRF_FIELD = 'csrf';

/** The token for a session (the value of the session cookie). */
export function csrfTokenFor(session: string): string {
  return createHmac('sha256', session).update('scrutiny-cycle/csrf/v1').digest('base64url');
}

/** Whether a posted token is the one for this session (constant-time comparison). */
export function csrfTokenMatches(session: string | undefined, posted: unknown): boolean {
  if (!session || typeof posted !== 'string' || posted.length === 0) return false;
  const expected = Buffer.from(csrfTokenFor(session));
  const given = Buffer.from(posted);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
