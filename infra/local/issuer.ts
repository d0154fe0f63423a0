/**
 * The local token issuer: Cognito's stand-in. It keeps an ES256 key under .local/ (so tokens survive
 * a restart), serves its JWKS, and signs ID tokens shaped like Cognito's (iss, aud, token_use,
 * email, cognito:groups). Functions verify them with the same code that verifies Cognito's.
 */
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCAL_PASSWORD, localUsers, type LocalUser } from './users.js';

export const LOCAL_CLIENT_ID = 'scrutiny-cycle-local';
export const ISSUER_PATH = '/local-issuer';
/** Where the local issuer keeps its key (every local tool signs and verifies with this one). */
export const LOCAL_KEY_DIR = resolve(fileURLToPath(import.meta.url), '../../../.local/keys');
const KEY_FILE = 'issuer-key.json';

interface StoredKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

function loadOrCreateKey(dir: string): Promise<StoredKey> | StoredKey {
  const file = join(dir, KEY_FILE);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as StoredKey;
  return (async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const key: StoredKey = { kid: `local-${Date.now()}`, privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) };
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify(key), { mode: 0o600 });
    return key;
  })();
}

export interface LocalIssuer {
  issuer: string;
  jwksUrl: string;
  clientId: string;
  jwks(): { keys: JWK[] };
  sign(user: LocalUser, lifetime?: string): Promise<string>;
  signIn(email: string, password: string): Promise<string | undefined>;
}

const publicSet = (key: StoredKey) => ({ keys: [{ ...key.publicJwk, kid: key.kid, alg: 'ES256', use: 'sig' }] });

/**
 * The local issuer's key set as its JWKS URL serves it, read from its stored key, or undefined if
 * it has made none yet: the local runtime gives it to functions as AUTH_JWKS, as CDK gives them
 * Cognito's (shared/auth/verify.ts).
 */
export function localJwks(dir = LOCAL_KEY_DIR): { keys: JWK[] } | undefined {
  const file = join(dir, KEY_FILE);
  return existsSync(file) ? publicSet(JSON.parse(readFileSync(file, 'utf8')) as StoredKey) : undefined;
}

/** The claims of a user's ID token besides iss, aud, sub and times: Cognito's, for our purposes. */
export const idTokenClaims = (user: LocalUser) => ({ email: user.email, name: user.name, 'cognito:groups': user.groups, token_use: 'id' });

export async function localIssuer(baseUrl: string, keyDir: string): Promise<LocalIssuer> {
  const key = await loadOrCreateKey(keyDir);
  const privateKey = await importJWK(key.privateJwk, 'ES256');
  const issuer = `${baseUrl}${ISSUER_PATH}`;
  const sign = (user: LocalUser, lifetime = '8h') =>
    new SignJWT(idTokenClaims(user))
      .setProtectedHeader({ alg: 'ES256', kid: key.kid })
      .setIssuer(issuer)
      .setAudience(LOCAL_CLIENT_ID)
      .setSubject(user.email)
      .setIssuedAt()
      .setExpirationTime(lifetime)
      .sign(privateKey);
  return {
    issuer,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
    clientId: LOCAL_CLIENT_ID,
    jwks: () => publicSet(key),
    sign,
    async signIn(email, password) {
      const user = localUsers.find((u) => u.email === email.trim().toLowerCase());
      return user && password === LOCAL_PASSWORD ? sign(user) : undefined;
    },
  };
}
