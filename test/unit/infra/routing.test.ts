/**
 * The local server chooses routes as API Gateway does (most specific match), so a request reaches
 * the same function locally and in AWS whatever the order of the route table.
 */
import { describe, expect, it } from 'vitest';
import { routeList } from '../../../shared/routes.js';
import { pathPattern, selectRoute } from '../../../infra/local/routing.js';

const table = routeList.map((r) => ({ ...r, pattern: pathPattern(r.path) }));
const reversed = [...table].reverse();
const pick = (routes: typeof table, path: string, method = 'GET') => selectRoute(routes, path, method).route?.name;

/** A path the route answers: each variable filled with a value no literal segment uses. */
const samplePath = (path: string) => path.replace(/\{\w+\+\}/g, 'govuk/all.css').replace(/\{\w+\}/g, '01HZX3V9Q8M4N2P6R7S5T0W1YA');

describe('local route selection', () => {
  it('finds each route of the table at a path it answers, in table order and reversed', () => {
    for (const r of table) {
      const path = samplePath(r.path);
      expect(pick(table, path, r.method), path).toBe(r.name);
      expect(pick(reversed, path, r.method), `${path}, table reversed`).toBe(r.name);
    }
  });

  it('prefers a literal segment to a path variable, wherever the literal route sits', () => {
    const path = '/staff/meetings/01HZX3V9Q8M4N2P6R7S5T0W1YA/requests/new';
    expect(pick(table, path)).toBe('show-request-form');
    expect(pick(reversed, path)).toBe('show-request-form');
    // Reversed, the variable route comes first, so first-in-table-order would have chosen it.
    expect(reversed.findIndex((r) => r.pattern.test(path) && r.name !== 'show-request-form')).toBeLessThan(
      reversed.findIndex((r) => r.name === 'show-request-form'),
    );
  });

  it('ranks literal over variable over greedy, segment by segment from the left', () => {
    const routes = ['/files/{proxy+}', '/files/{id}', '/files/{id}/raw', '/files/latest', '/{section}/latest'].map((path, i) => ({
      name: `r${i}`, path, method: 'GET', pattern: pathPattern(path),
    }));
    for (const order of [routes, [...routes].reverse()]) {
      const at = (p: string) => selectRoute(order, p, 'GET').route?.path;
      expect(at('/files/latest')).toBe('/files/latest');
      expect(at('/files/abc')).toBe('/files/{id}');
      expect(at('/files/abc/raw')).toBe('/files/{id}/raw');
      expect(at('/files/abc/def/ghi')).toBe('/files/{proxy+}');
      expect(at('/notes/latest')).toBe('/{section}/latest');
    }
  });

  it('serves HEAD from GET, and tells a wrong method (405) from an unknown path (404)', () => {
    expect(pick(table, '/staff/topics', 'HEAD')).toBe('show-topics');
    expect(selectRoute(table, '/staff/topics', 'DELETE')).toEqual({ route: undefined, pathMatches: true });
    expect(selectRoute(table, '/no/such/page', 'GET')).toEqual({ route: undefined, pathMatches: false });
  });
});
