/**
 * A hung dependency gives a clear error in time (issue 14 §4): each AWS client pointed at a real
 * local TCP server that accepts the connection and never answers (the fault a hung endpoint is; no
 * mock). The call must fail with the SDK's TimeoutError, well before a route function's 10 s timeout,
 * after the attempts each client is set to make (SES: one, so a send is never repeated by the SDK).
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { SendEmailCommand } from '@aws-sdk/client-ses';
import { resetConfig } from '../../../shared/config.js';

/** A route function's timeout (infra/constructs/route-function.ts ROUTE_TIMEOUT_SECONDS). */
const ROUTE_TIMEOUT_MS = 10_000;

let server: Server;
const sockets: Socket[] = [];
let connections = 0;
const saved = { ...process.env };

beforeAll(async () => {
  server = createServer((socket) => {
    connections += 1;
    sockets.push(socket); // read and never answer
    socket.on('data', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const hung = `http://127.0.0.1:${port}`;
  Object.assign(process.env, { DYNAMODB_ENDPOINT: hung, SES_ENDPOINT: hung, S3_ENDPOINT: hung, AWS_REGION: 'eu-west-2', PAPERS_BUCKET: 'papers' });
  resetConfig();
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
  process.env = saved;
  resetConfig();
});

/** Runs `call`, expecting it to fail; answers the error, the time it took and the connections it made. */
async function timed(call: () => Promise<unknown>) {
  const before = connections;
  const started = performance.now();
  const error = (await call().then(
    () => undefined,
    (e: unknown) => e,
  )) as (Error & { $metadata?: { attempts?: number } }) | undefined;
  return { error, ms: performance.now() - started, connections: connections - before };
}

describe('AWS clients against an endpoint that accepts and never answers', () => {
  it('DynamoDB: a TimeoutError after 3 attempts of 2 s, inside a route function timeout', async () => {
    const { dynamo, DYNAMODB_REQUEST_TIMEOUT_MS } = await import('../../../shared/aws/clients.js');
    const { error, ms, connections: made } = await timed(() => dynamo().send(new GetCommand({ TableName: 't', Key: { pk: 'a', sk: 'b' } })));
    expect(error?.name, String(error)).toBe('TimeoutError');
    expect(error?.message).toMatch(/requestTimeout/);
    expect(made).toBe(3);
    expect(ms).toBeGreaterThanOrEqual(3 * DYNAMODB_REQUEST_TIMEOUT_MS - 100);
    expect(ms).toBeLessThan(ROUTE_TIMEOUT_MS);
  }, 20_000);

  it('SES: a TimeoutError after one attempt of 3 s (never sent twice by the SDK)', async () => {
    const { sesClient, SES_REQUEST_TIMEOUT_MS } = await import('../../../shared/aws/clients.js');
    const ses = await sesClient();
    const { error, ms, connections: made } = await timed(() =>
      ses.send(
        new SendEmailCommand({
          Source: 'com@example.org',
          Destination: { ToAddresses: ['someone@example.org'] },
          Message: { Subject: { Data: 'x' }, Body: { Text: { Data: 'x' } } },
        }),
      ),
    );
    expect(error?.name, String(error)).toBe('TimeoutError');
    expect(made).toBe(1);
    expect(ms).toBeGreaterThanOrEqual(SES_REQUEST_TIMEOUT_MS - 100);
    expect(ms).toBeLessThan(ROUTE_TIMEOUT_MS);
  }, 20_000);

  it('S3: a TimeoutError after 2 attempts of 3 s, not taken for a missing object', async () => {
    const { headObject, S3_REQUEST_TIMEOUT_MS } = await import('../../../shared/aws/s3.js');
    const { error, ms, connections: made } = await timed(() => headObject('uploads/m/r/u'));
    expect(error?.name, String(error)).toBe('TimeoutError');
    expect(made).toBe(2);
    expect(ms).toBeGreaterThanOrEqual(2 * S3_REQUEST_TIMEOUT_MS - 100);
    expect(ms).toBeLessThan(ROUTE_TIMEOUT_MS);
  }, 20_000);
});
