/**
 * Staff token verification without a network call on the cold path (issue 15 §5): with the
 * issuer's key set given as AUTH_JWKS, a token verifies without one request to AUTH_JWKS_URL; only a
 * key id the given set does not hold (a rotation since the deploy) fetches it, once. The JWKS URL is
 * a real local HTTP server that counts the requests it gets.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { resetConfig } from '../../../shared/config.js';
import { verifyStaffToken, verifyToken } from '../../../shared/auth/verify.js';

const ISSUER = 'https://issuer.example.org/pool';
const CLIENT = 'client-1';

interface Key {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}
const makeKey = async (kid: string): Promise<Key> => {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
};
const sign = (key: Key, audience = CLIENT) =>
  new SignJWT({ email: 'em@example.org', 'cognito:groups': ['staff'], token_use: 'id' })
    .setProtectedHeader({ alg: 'ES256', kid: key.kid })
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(key.privateKey);

let server: Server;
let url: string;
let hits = 0;
/** What the issuer's JWKS URL serves now (after a rotation: the new key too). */
let served: JWK[] = [];
let deployed: Key;
let rotated: Key;
let unknown: Key;
const saved = { ...process.env };

beforeAll(async () => {
  [deployed, rotated, unknown] = await Promise.all([makeKey('deployed'), makeKey('rotated'), makeKey('unknown')]);
  server = createServer((_req, res) => {
    hits++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: served }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
afterEach(() => {
  process.env = { ...saved };
  resetConfig();
});

/**
 * A fresh function: its environment, with the key set given at deploy time (or none). Each gets a
 * URL of its own (a query string), so no key set fetched by an earlier test is cached for it.
 */
let functions = 0;
const coldFunction = (given: JWK[] | undefined) => {
  process.env = { ...saved, AUTH_ISSUER: ISSUER, AUTH_CLIENT_ID: CLIENT, AUTH_JWKS_URL: `${url}?function=${++functions}`, AUTH_STAFF_GROUP: 'staff' };
  if (given) process.env.AUTH_JWKS = JSON.stringify({ keys: given });
  else delete process.env.AUTH_JWKS;
  resetConfig();
  hits = 0;
};

describe('staff token verification', () => {
  it('verifies a staff token against the given key set without a request to the JWKS URL', async () => {
    served = [deployed.publicJwk];
    coldFunction([deployed.publicJwk]);
    const user = await verifyStaffToken(await sign(deployed));
    expect(user.email).toBe('em@example.org');
    await verifyStaffToken(await sign(deployed));
    expect(hits).toBe(0);
  });

  it('still refuses a bad token without a request: wrong audience, expired, or another key under a known id', async () => {
    served = [deployed.publicJwk];
    coldFunction([deployed.publicJwk]);
    await expect(verifyToken(await sign(deployed, 'someone-else'))).rejects.toThrow(/not valid/);
    const expired = await new SignJWT({ token_use: 'id' }).setProtectedHeader({ alg: 'ES256', kid: deployed.kid }).setIssuer(ISSUER).setAudience(CLIENT).setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(deployed.privateKey);
    await expect(verifyToken(expired)).rejects.toThrow(/not valid/);
    const forged = await sign({ ...unknown, kid: deployed.kid });
    await expect(verifyToken(forged)).rejects.toThrow(/not valid/);
    expect(hits).toBe(0);
  });

  it('fetches the JWKS URL once for a key id the given set does not hold (a rotation), then uses what it fetched', async () => {
    served = [deployed.publicJwk, rotated.publicJwk];
    coldFunction([deployed.publicJwk]);
    expect((await verifyStaffToken(await sign(rotated))).email).toBe('em@example.org');
    expect(hits).toBe(1);
    await verifyStaffToken(await sign(rotated));
    await verifyStaffToken(await sign(deployed));
    expect(hits).toBe(1);
  });

  it('refuses a key id neither set holds, with one fetch at most', async () => {
    served = [deployed.publicJwk];
    coldFunction([deployed.publicJwk]);
    await expect(verifyToken(await sign(unknown))).rejects.toThrow(/not valid/);
    await expect(verifyToken(await sign(unknown))).rejects.toThrow(/not valid/);
    expect(hits).toBe(1);
  });

  it('fails loudly, not as a 401, when the given key set is not one', async () => {
    coldFunction(undefined);
    process.env.AUTH_JWKS = '{"keys": oops';
    resetConfig();
    const error = await verifyToken(await sign(deployed)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyntaxError);
  });

  it('without a given key set, fetches the JWKS URL (as before)', async () => {
    served = [deployed.publicJwk];
    coldFunction(undefined);
    await verifyStaffToken(await sign(deployed));
    await verifyStaffToken(await sign(deployed));
    expect(hits).toBe(1);
  });
});
