import { describe, expect, it } from 'vitest';
import { api } from '../../support/http.js';
import { meeting } from '../../support/fixtures.js';
import { routeList } from '../../../shared/routes.js';

describe('public API', () => {
  it('serves an OpenAPI document with every JSON route and its schemas, without a token', async () => {
    const res = await api('GET', '/api/openapi.json', undefined, { token: null });
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const ops = Object.entries(res.body.paths as Record<string, Record<string, { operationId: string }>>).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, op]) => `${method.toUpperCase()} ${path} ${op.operationId}`),
    );
    expect(ops.sort()).toEqual(routeList.filter((r) => r.kind === 'api').map((r) => `${r.method} ${r.path} ${r.name}`).sort());
    const create = res.body.paths['/api/meetings'].post;
    expect(create.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['place', 'start']));
    expect(create.security).toEqual([{ staffToken: [] }]);
  });

  it('serves the meetings as an iCalendar feed in London time', async () => {
    const m = await meeting({ start: '2031-06-10T14:00', title: 'Community Outcomes Meeting (calendar test)', livestreamUrl: 'https://example.org/live' });
    const res = await fetch(`${(await import('../../support/http.js')).endpoints().app}/meetings.ics`, { headers: { 'x-scrutiny-now': '2031-05-01T09:00:00Z' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/calendar');
    const ics = await res.text();
    const event = ics.split('BEGIN:VEVENT').find((e) => e.includes(m.id))!;
    expect(event).toContain('SUMMARY:Community Outcomes Meeting (calendar test)');
    expect(event).toContain('DTSTART;TZID=Europe/London:20310610T140000');
    expect(event).toContain('LOCATION:Wellington House\\, Wakefield');
  });
});
