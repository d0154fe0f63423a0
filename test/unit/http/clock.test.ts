/**
 * The injected clock's header (shared/http/handler.ts `clockOf`), local and tests only: an instant
 * with Z or an offset is that instant; a value without a zone is London wall-clock time, as
 * `npm start -- --now` reads it (GMT in winter, BST in summer); anything else is a 400 that says
 * what to send. Without ALLOW_CLOCK_HEADER (AWS) the header is ignored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { apiRoute, CLOCK_HEADER, clockOf } from '../../../shared/http/handler.js';
import { ConflictError, ValidationError } from '../../../shared/domain/errors.js';
import { resetConfig } from '../../../shared/config.js';
import { lambdaContext } from '../../../infra/local/server.js';

const MEETING = '01FFMAVYF86K6BJEA87EHS4HE7';
const staffClaims = { email: 'engagement.manager@example.org', name: 'Engagement Manager', 'cognito:groups': '[staff]', token_use: 'id' };
const before = process.env.ALLOW_CLOCK_HEADER;

beforeAll(() => {
  process.env.ALLOW_CLOCK_HEADER = 'true';
  resetConfig();
});
afterAll(() => {
  if (before === undefined) delete process.env.ALLOW_CLOCK_HEADER;
  else process.env.ALLOW_CLOCK_HEADER = before;
  resetConfig();
});

function eventWith(headers: Record<string, string>): APIGatewayProxyEventV2 {
  const path = `/api/meetings/${MEETING}`;
  return {
    version: '2.0',
    routeKey: `GET ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'localhost', ...headers },
    pathParameters: { meetingId: MEETING },
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: 'request-1',
      routeKey: `GET ${path}`,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      authorizer: { jwt: { claims: staffClaims, scopes: null } },
    },
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}

const clock = (value: string) => clockOf(eventWith({ [CLOCK_HEADER]: value })).toISOString();

describe('the x-scrutiny-now header', () => {
  it('reads a value without a zone as London time: GMT in winter, BST in summer', () => {
    expect(clock('2021-11-16T09:00')).toBe('2021-11-16T09:00:00.000Z');
    expect(clock('2021-06-15T09:00')).toBe('2021-06-15T08:00:00.000Z');
    expect(clock('2021-06-15T09:00:30.5')).toBe('2021-06-15T08:00:30.500Z');
    // The first Sunday of BST: 01:30 London does not exist; 02:30 is 01:30 UTC.
    expect(clock('2021-03-28T02:30')).toBe('2021-03-28T01:30:00.000Z');
    // The repeated hour in October: the earlier (BST) one.
    expect(clock('2021-10-31T01:30')).toBe('2021-10-31T00:30:00.000Z');
  });

  it('reads an instant with Z or an offset as that instant', () => {
    expect(clock('2021-06-15T09:00:00.000Z')).toBe('2021-06-15T09:00:00.000Z');
    expect(clock('2021-11-16T09:00Z')).toBe('2021-11-16T09:00:00.000Z');
    expect(clock('2021-06-15T09:00+01:00')).toBe('2021-06-15T08:00:00.000Z');
    expect(clock('2021-06-15T09:00-05:00')).toBe('2021-06-15T14:00:00.000Z');
  });

  it('refuses anything else with a ValidationError that says what to send', () => {
    for (const bad of ['yesterday', '2021-11-16', '16/11/2021 09:00', '2021-02-30T09:00', '2021-11-16T25:00', '2021-03-28T01:30']) {
      expect(() => clock(bad), bad).toThrow(ValidationError);
    }
    expect(() => clock('yesterday')).toThrow(/x-scrutiny-now header is not valid.*2021-12-07T14:00/);
    expect(() => clock('2021-03-28T01:30')).toThrow(/does not exist in London/);
  });

  it('is a clear 400 from a route, and the route sees the clock it names', async () => {
    let seen: Date | undefined;
    const handler = apiRoute('get-meeting', async ({ now }) => {
      seen = now;
      throw new ConflictError('Stop here: the clock is what this test is about');
    }) as unknown as (e: APIGatewayProxyEventV2, c: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

    const bad = await handler(eventWith({ [CLOCK_HEADER]: 'next Tuesday' }), lambdaContext('get-meeting'));
    expect(bad.statusCode).toBe(400);
    const body = JSON.parse(bad.body ?? '') as { error: string; issues: { field: string; message: string }[] };
    expect(body.error).toMatch(/^The x-scrutiny-now header is not valid: "next Tuesday" is not a date and time/);
    expect(body.issues).toEqual([{ field: CLOCK_HEADER, message: expect.stringContaining('2021-12-07T14:00') }]);
    expect(seen).toBeUndefined();

    expect((await handler(eventWith({ [CLOCK_HEADER]: '2021-07-01T14:00' }), lambdaContext('get-meeting'))).statusCode).toBe(409);
    expect(seen?.toISOString()).toBe('2021-07-01T13:00:00.000Z');
  });

  it('is ignored where the setting is off (AWS)', () => {
    process.env.ALLOW_CLOCK_HEADER = 'false';
    resetConfig();
    try {
      const t = Date.now();
      const at = clockOf(eventWith({ [CLOCK_HEADER]: 'not a time' })).getTime();
      expect(Math.abs(at - t)).toBeLessThan(5000);
      expect(Math.abs(clockOf(eventWith({ [CLOCK_HEADER]: '2021-07-01T14:00' })).getTime() - t)).toBeLessThan(5000);
    } finally {
      process.env.ALLOW_CLOCK_HEADER = 'true';
      resetConfig();
    }
  });
});
