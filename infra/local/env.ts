/**
 * The environment the local runtime gives functions: where the local stand-ins are, and the local
 * token issuer in Cognito's place. `npm start`, `npm run invoke` and `npm run job`, the bench and
 * the tests that call handlers in their own process all take it from here.
 */
import { resetConfig } from '../../shared/config.js';
import { ISSUER_PATH, LOCAL_CLIENT_ID, localJwks } from './issuer.js';
import { LOCAL_PASSWORD, localUsers } from './users.js';

/** What `npm start -- --json` prints when it is ready. */
export interface Endpoints {
  app: string;
  dynamodb: string;
  ses: string;
  s3: string;
  table: string;
  bucket: string;
}

export function localEnv(e: Endpoints): Record<string, string> {
  const issuer = `${e.app}${ISSUER_PATH}`;
  // The issuer's key set, given as CDK gives Cognito's: a staff page verifies without fetching it.
  const jwks = localJwks();
  return {
    TABLE_NAME: e.table,
    PAPERS_BUCKET: e.bucket,
    DYNAMODB_ENDPOINT: e.dynamodb,
    SES_ENDPOINT: e.ses,
    S3_ENDPOINT: e.s3,
    PUBLIC_BASE_URL: e.app,
    AUTH_MODE: 'local',
    AUTH_ISSUER: issuer,
    AUTH_JWKS_URL: `${issuer}/.well-known/jwks.json`,
    ...(jwks ? { AUTH_JWKS: JSON.stringify(jwks) } : {}),
    AUTH_CLIENT_ID: LOCAL_CLIENT_ID,
    ALLOW_CLOCK_HEADER: 'true',
    LOCAL_DEMO_USERS: JSON.stringify({ password: LOCAL_PASSWORD, users: localUsers }),
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
  };
}

/** Sets that environment (and any overrides) in this process, for running handlers in it. */
export function useLocalEnv(e: Endpoints, overrides: Record<string, string> = {}): void {
  Object.assign(process.env, localEnv(e), overrides);
  resetConfig();
}
