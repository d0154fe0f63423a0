/**
 * The response contract: every API route has a response schema in the route table, the OpenAPI
 * document shows it, no schema names a hash, and `apiRoute` sends only what its schema names.
 */
import { describe, expect, it } from 'vitest';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { routeList } from '../../../shared/routes.js';
import { openApiDocument } from '../../../shared/http/openapi.js';
import { apiRoute, ok } from '../../../shared/http/handler.js';
import { lambdaContext } from '../../../infra/local/server.js';
import type { ReportRequest } from '../../../shared/schemas/entities.js';

const apiRoutes = routeList.filter((r) => r.kind === 'api');

/** Every property name in a JSON schema, however deep. */
function propertyNames(schema: unknown): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const own = Object.keys((schema as { properties?: Record<string, unknown> }).properties ?? {});
  return [...own, ...Object.values(schema).flatMap(propertyNames)];
}

describe('response schemas', () => {
  it('are in the route table for every API route', () => {
    expect(apiRoutes.filter((r) => !r.response).map((r) => r.name)).toEqual([]);
  });

  it('are in the OpenAPI document for every API route, and none names a hash', () => {
    const doc = openApiDocument('https://scrutiny.example.org');
    for (const r of apiRoutes) {
      const op = (doc.paths[r.path] as Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>)[r.method.toLowerCase()];
      const success = op?.responses[String(r.status ?? 200)];
      const schema = success?.content?.[r.responseType ?? 'application/json']?.schema;
      expect(schema, `${r.name} has no response schema in the OpenAPI document`).toBeDefined();
      expect(propertyNames(schema).filter((name) => /hash/i.test(name)), `${r.name} answers with a hash`).toEqual([]);
    }
  });
});

describe('apiRoute', () => {
  const request: ReportRequest = {
    id: '01JB0000000000000000000000',
    meetingId: '01JA0000000000000000000000',
    topicId: '01JC0000000000000000000000',
    agendaItemId: '01JD0000000000000000000000',
    title: 'Road safety',
    points: ['Casualty figures'],
    sponsor: { name: 'Sam Sponsor', email: 'sponsor@example.org' },
    author: { name: 'Alex Author', email: 'author@example.org' },
    dueDate: '2031-05-20',
    status: 'requested',
    linkHash: 'planted-link-hash',
    linkIssuedAt: '2031-05-01T09:00:00.000Z',
    reminderLinkHashes: ['planted-reminder-hash'],
    version: 1,
    createdAt: '2031-05-01T09:00:00.000Z',
    updatedAt: '2031-05-01T09:00:00.000Z',
  };
  const staffEvent = {
    rawPath: `/api/meetings/${request.meetingId}/requests/${request.id}/withdraw`,
    headers: {},
    pathParameters: { meetingId: request.meetingId, requestId: request.id },
    requestContext: {
      domainName: 'scrutiny.example.org',
      authorizer: { jwt: { claims: { email: 'em@example.org', 'cognito:groups': '[staff]' } } },
    },
  } as unknown as APIGatewayProxyEventV2;
  const call = async (handler: ReturnType<typeof apiRoute>) =>
    (await handler(staffEvent, lambdaContext('withdraw-request'))) as APIGatewayProxyStructuredResultV2;

  it('drops what the response schema does not name: a hash planted on the object never goes out', async () => {
    const handler = apiRoute('withdraw-request', async () => ok({ ...request, timeliness: 'due' as const, daysLeft: 19, secret: 'planted' }));
    const res = await call(handler);
    expect(res.statusCode).toBe(200);
    const body = JSON.parse(res.body!);
    expect(body).toMatchObject({ id: request.id, title: 'Road safety', timeliness: 'due', daysLeft: 19 });
    expect(body).not.toHaveProperty('linkHash');
    expect(body).not.toHaveProperty('reminderLinkHashes');
    expect(body).not.toHaveProperty('secret');
    expect(res.body).not.toMatch(/planted/);
  });

  it('answers 500, never the body, when the body does not fit its schema', async () => {
    const { timeliness: _missing, ...rest } = { ...request, timeliness: 'due' as const };
    const handler = apiRoute('withdraw-request', async () => ok({ ...rest, daysLeft: 19 } as never));
    const res = await call(handler);
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toMatch(/planted|Road safety/);
  });
});
