import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csrfTokenFor, csrfTokenMatches } from '../../../shared/http/csrf.js';

describe('CSRF tokens', () => {
  it('are a fixed-length URL-safe HMAC of the session, the same each time', () => {
    const token = csrfTokenFor('eyJhbGciOiJFUzI1NiJ9.session');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(csrfTokenFor('eyJhbGciOiJFUzI1NiJ9.session')).toBe(token);
  });

  it('match only their own session', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (a, b) => {
        expect(csrfTokenMatches(a, csrfTokenFor(a))).toBe(true);
        if (a !== b) expect(csrfTokenMatches(b, csrfTokenFor(a))).toBe(false);
      }),
    );
  });

  it('refuse a missing session, a missing, empty, repeated or wrong-length token', () => {
    const token = csrfTokenFor('s');
    expect(csrfTokenMatches(undefined, token)).toBe(false);
    expect(csrfTokenMatches('s', undefined)).toBe(false);
    expect(csrfTokenMatches('s', '')).toBe(false);
    expect(csrfTokenMatches('s', [token, token])).toBe(false);
    expect(csrfTokenMatches('s', token.slice(1))).toBe(false);
    expect(csrfTokenMatches('s', `${token}=`)).toBe(false);
  });
});
