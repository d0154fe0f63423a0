/**
 * Staff token verification: the same code in AWS (Cognito's JWKS) and locally (the local issuer's
 * JWKS served by the local server). Checks signature, issuer, audience, expiry and the staff group.
 */
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { required, config } from '../config.js';
import { ForbiddenError, UnauthorizedError } from '../domain/errors.js';

export interface StaffUser {
  email: string;
  name: string;
  groups: string[];
}

let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
let jwksUrl: string | undefined;

function keySet() {
  const url = required('AUTH_JWKS_URL');
  if (!jwks || url !== jwksUrl) {
    jwks = createRemoteJWKSet(new URL(url), { cooldownDuration: 30_000, cacheMaxAge: 600_000 });
    jwksUrl = url;
  }
  return jwks;
}

/**
 * Checks a token's signature, issuer, audience and expiry, as API Gateway's JWT authorizer does
 * (infra/stack.ts; the local server does the same for staff API calls): its claims, or a 401.
 */
export async function verifyToken(token: string | undefined): Promise<JWTPayload> {
  if (!token) throw new UnauthorizedError();
  try {
    // `exp` required (issue 14 §5): jose checks it only when present, and a token without one would never expire.
    const { payload } = await jwtVerify(token, keySet(), { issuer: required('AUTH_ISSUER'), audience: required('AUTH_CLIENT_ID'), requiredClaims: ['exp'] });
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
