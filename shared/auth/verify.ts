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

/** Verifies a token; throws 401 for a missing/bad token and 403 for a valid token outside the staff group. */
export async function verifyStaffToken(token: string | undefined): Promise<StaffUser> {
  if (!token) throw new UnauthorizedError();
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keySet(), {
      issuer: required('AUTH_ISSUER'),
      audience: required('AUTH_CLIENT_ID'),
    }));
  } catch {
    throw new UnauthorizedError('Your sign-in token is not valid or has expired. Sign in again.');
  }
  if (payload.token_use !== undefined && payload.token_use !== 'id') {
    throw new UnauthorizedError('Send the ID token from sign-in, not an access token.');
  }
  const groups = Array.isArray(payload['cognito:groups']) ? (payload['cognito:groups'] as string[]) : [];
  const user: StaffUser = {
    email: String(payload.email ?? ''),
    name: String(payload.name ?? payload.email ?? 'Staff member'),
    groups,
  };
  if (!groups.includes(config().AUTH_STAFF_GROUP)) throw new ForbiddenError();
  return user;
}
