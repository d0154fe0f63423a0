/**
 * Staff token verification: the same code in AWS (Cognito's keys) and locally (the local issuer's).
 * Checks signature, issuer, audience, expiry and the staff group.
 *
 * No network call on a cold start (issue 15 §5): the issuer's key set is given to the function as
 * `AUTH_JWKS` (in AWS fetched from Cognito at deploy time by a custom resource, infra/stack.ts;
 * locally read from the local issuer's key, infra/local/env.ts). Only a token whose key id that set
 * does not hold (the issuer rotated its keys since the deploy) fetches `AUTH_JWKS_URL`, at most
 * once per 30 s; without `AUTH_JWKS` every key comes from the URL, as before.
 */
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { required, config } from '../config.js';
import { ForbiddenError, UnauthorizedError } from '../domain/errors.js';

export interface StaffUser {
  email: string;
  name: string;
  groups: string[];
}

let keys: { given: string | undefined; url: string | undefined; getKey: JWTVerifyGetKey } | undefined;

function keySet(): JWTVerifyGetKey {
  const { AUTH_JWKS: given, AUTH_JWKS_URL: url } = config();
  if (keys && keys.given === given && keys.url === url) return keys.getKey;
  // Made on the first unknown key id only: a remote set fetches on its first use.
  let remote: JWTVerifyGetKey | undefined;
  const fetched: JWTVerifyGetKey = (header, token) => {
    remote ??= createRemoteJWKSet(new URL(required('AUTH_JWKS_URL')), { cooldownDuration: 30_000, cacheMaxAge: 600_000 });
    return remote(header, token);
  };
  let getKey = fetched;
  if (given) {
    const local = createLocalJWKSet(JSON.parse(given) as JSONWebKeySet);
    getKey = async (header, token) => {
      try {
        return await local(header, token);
      } catch (error) {
        // A key id the given set does not hold: the issuer's keys may have rotated since the deploy.
        if (error instanceof errors.JWKSNoMatchingKey) return fetched(header, token);
        throw error;
      }
    };
  }
  keys = { given, url, getKey };
  return getKey;
}

/**
 * Checks a token's signature, issuer, audience and expiry, as API Gateway's JWT authorizer does
 * (infra/stack.ts; the local server does the same for staff API calls): its claims, or a 401.
 */
export async function verifyToken(token: string | undefined): Promise<JWTPayload> {
  if (!token) throw new UnauthorizedError();
  // Outside the try: a malformed AUTH_JWKS is our fault (a 500, logged), not the caller's token.
  const getKey = keySet();
  try {
    // `exp` required (issue 14 §5): jose checks it only when present, and a token without one would never expire.
    const { payload } = await jwtVerify(token, getKey, { issuer: required('AUTH_ISSUER'), audience: required('AUTH_CLIENT_ID'), requiredClaims: ['exp'] });
    return payload;
  } catch {
    throw new UnauthorizedError('Your sign-in token is not valid or has expired. Sign in again.');
  }
}

/**
 * The staff member a verified token names: 401 for a token that is not an ID token, 403 outside the
 * staff group. Takes a token's claims, or API Gateway's copy of them, where every value is a string
 * and a list is written "[staff admins]".
 */
export function staffFromClaims(claims: Record<string, unknown>): StaffUser {
  if (claims.token_use !== undefined && claims.token_use !== 'id') {
    throw new UnauthorizedError('Send the ID token from sign-in, not an access token.');
  }
  const raw = claims['cognito:groups'];
  const groups = Array.isArray(raw)
    ? raw.map(String)
    : typeof raw === 'string'
      ? raw.replace(/^\[|\]$/g, '').split(' ').filter(Boolean)
      : [];
  const user: StaffUser = {
    email: String(claims.email ?? ''),
    name: String(claims.name ?? claims.email ?? 'Staff member'),
    groups,
  };
  if (!groups.includes(config().AUTH_STAFF_GROUP)) throw new ForbiddenError();
  return user;
}

/** Verifies a token and its holder's membership of the staff group (see the two steps above). */
export async function verifyStaffToken(token: string | undefined): Promise<StaffUser> {
  return staffFromClaims(await verifyToken(token));
}
