/** The OpenAPI 3.1 document, generated from the route table and its zod schemas. */
// A namespace import lets esbuild leave out what we do not use (zod's locales: ~370 KB a bundle).
import * as z from 'zod';
import { routeSummaries } from '../route-summaries.js';
import { routeList } from '../routes.js';

const schemaOf = (s: z.ZodType, io: 'input' | 'output' = 'input') =>
  z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;

function parameters(s: z.ZodType | undefined, where: 'path' | 'query') {
  if (!s) return [];
  const json = schemaOf(s) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, schema]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema,
  }));
}

const problem = {
  type: 'object',
  properties: {
    error: { type: 'string', description: 'What is wrong, in words a person can act on' },
    issues: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
  },
  required: ['error'],
};

export function openApiDocument(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routeList.filter((r) => r.kind === 'api')) {
    const op: Record<string, unknown> = {
      operationId: r.name,
      summary: routeSummaries[r.name],
      tags: [r.path.split('/')[2] ?? 'public'],
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      responses: {
        [String(r.status ?? 200)]: {
          description: 'Success',
          ...(r.response ? { content: { [r.responseType ?? 'application/json']: { schema: schemaOf(r.response, 'output') } } } : {}),
        },
        '4XX': { description: 'The request cannot be carried out; nothing was changed', content: { 'application/json': { schema: problem } } },
      },
      ...(r.access === 'staff' ? { security: [{ staffToken: [] }] } : { security: [] }),
    };
    if (r.body) op.requestBody = { required: true, content: { 'application/json': { schema: schemaOf(r.body) } } };
    (paths[r.path] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'scrutiny-cycle API',
      version: '1',
      description:
        'Plan a commissioner’s public scrutiny meetings: meetings and deadlines, future agenda topics, agendas, report requests and actions. Staff routes need a staff ID token: `Authorization: Bearer <token>` (locally, `npm run token -- <email>` prints one).',
    },
    servers: [{ url: serverUrl }],
    components: { securitySchemes: { staffToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
}
