import { apiRoute, ok } from '../shared/http/handler.js';
import { openApiDocument } from '../shared/http/openapi.js';

export const handler = apiRoute('get-openapi', async ({ baseUrl }) => ok(openApiDocument(baseUrl)));
