/**
 * The deploy-time key fetch (infra/constructs/issuer-keys.ts): its inline function, run here as
 * Lambda runs it, against a real local HTTP server standing in for both Cognito's JWKS URL and
 * CloudFormation's pre-signed response URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ISSUER_KEYS_SOURCE } from '../../../infra/constructs/issuer-keys.js';

type Handler = (event: Record<string, unknown>) => Promise<void>;
const handler = (() => {
  const module = { exports: {} as { handler?: Handler } };
  new Function('exports', 'module', ISSUER_KEYS_SOURCE)(module.exports, module);
  return module.exports.handler!;
})();

let server: Server;
let base: string;
const responses: Record<string, unknown>[] = [];
const cognitoKey = { kty: 'RSA', kid: 'abc', alg: 'RS256', use: 'sig', n: 'nnnn', e: 'AQAB', x5c: ['private-looking-extra'] };

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/pool/.well-known/jwks.json') return res.end(JSON.stringify({ keys: [cognitoKey] }));
    if (req.method === 'GET' && req.url === '/empty/.well-known/jwks.json') return res.end(JSON.stringify({ keys: [] }));
    if (req.method === 'PUT' && req.url === '/response') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      return req.on('end', () => {
        responses.push(JSON.parse(body) as Record<string, unknown>);
        res.end();
      });
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const event = (RequestType: string, path: string) => ({
  RequestType,
  ResponseURL: `${base}/response`,
  StackId: 'stack',
  RequestId: `request-${responses.length}`,
  LogicalResourceId: 'IssuerKeys',
  ResourceProperties: { Url: `${base}${path}` },
});

describe('the issuer keys custom resource', () => {
  it('answers CloudFormation with the key set, public fields only', async () => {
    await handler(event('Create', '/pool/.well-known/jwks.json'));
    const answer = responses.at(-1)!;
    expect(answer).toMatchObject({ Status: 'SUCCESS', RequestId: 'request-0', LogicalResourceId: 'IssuerKeys', PhysicalResourceId: `${base}/pool/.well-known/jwks.json` });
    expect(JSON.parse((answer.Data as { Jwks: string }).Jwks)).toEqual({ keys: [{ kty: 'RSA', kid: 'abc', alg: 'RS256', use: 'sig', n: 'nnnn', e: 'AQAB' }] });
  });

  it('fails the deploy with a reason when the URL does not answer a key set', async () => {
    await handler(event('Update', '/missing/.well-known/jwks.json'));
    expect(responses.at(-1)).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/answered 404/) });
    await handler(event('Create', '/empty/.well-known/jwks.json'));
    expect(responses.at(-1)).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/no keys/) });
  });

  it('deletes without fetching', async () => {
    await handler({ ...event('Delete', '/missing/.well-known/jwks.json'), PhysicalResourceId: 'old' });
    expect(responses.at(-1)).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'old', Data: {} });
  });
});
