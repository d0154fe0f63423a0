/**
 * The local stand-in for API Gateway's JWT authorizer on staff API routes (infra/stack.ts,
 * `StaffJwt`): it takes the token from the Authorization header ("Bearer " optional) and checks its
 * signature, issuer, audience and expiry. A request that fails is answered 401
 * `{"message":"Unauthorized"}` before any function runs, as API Gateway answers it; one that passes
 * reaches the function with the token's claims at `requestContext.authorizer.jwt.claims`.
 */
import type { JWTPayload } from 'jose';
import { verifyToken } from '../../shared/auth/verify.js';

/** API Gateway's own answer to a request its authorizer refuses. */
export const UNAUTHORIZED_BODY = JSON.stringify({ message: 'Unauthorized' });

/** The claims API Gateway would pass on, or undefined where it would answer 401. */
export async function authorize(header: string | undefined): Promise<Record<string, string> | undefined> {
  try {
    return gatewayClaims(await verifyToken(header?.replace(/^bearer\s+/i, '').trim()));
  } catch {
    return undefined;
  }
}

/** Claims as API Gateway passes them on: every value a string, a list as "[a b]". */
export function gatewayClaims(payload: JWTPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)]),
  );
}
