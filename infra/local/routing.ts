/**
 * How the local server picks a route for a request, as API Gateway HTTP APIs do: of the routes
 * whose path matches, the most specific wins, whatever their order in the route table. Segment by
 * segment from the left, a literal segment beats a path variable, and a variable beats a greedy
 * `{proxy+}`; so `/meetings/new` is chosen over `/meetings/{meetingId}` even if it is listed later.
 */

/** `/api/meetings/{meetingId}` and `/assets/{proxy+}` (API Gateway path syntax) as regular expressions. */
export function pathPattern(path: string): RegExp {
  const segments = path.split('/').map((seg) => {
    const param = /^\{(\w+)(\+?)\}$/.exec(seg);
    if (param) return param[2] ? `(?<${param[1]}>.+)` : `(?<${param[1]}>[^/]+)`;
    return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  return new RegExp(`^${segments.join('/')}$`);
}

/** Each segment's rank: 2 literal, 1 `{variable}`, 0 greedy `{variable+}`. */
const ranks = (path: string) => path.split('/').map((seg) => (/^\{\w+\+\}$/.test(seg) ? 0 : /^\{\w+\}$/.test(seg) ? 1 : 2));

/** Negative when `a` is more specific than `b`. */
export function bySpecificity(a: { path: string }, b: { path: string }): number {
  const ra = ranks(a.path);
  const rb = ranks(b.path);
  for (let i = 0; i < Math.max(ra.length, rb.length); i++) {
    const d = (rb[i] ?? -1) - (ra[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

export interface Routable {
  path: string;
  method: string;
  pattern: RegExp;
}

/**
 * The route for a request: `route` is the most specific whose path and method match (HEAD is
 * served by GET), and `pathMatches` says whether any route has the path (405 rather than 404).
 */
export function selectRoute<R extends Routable>(routes: readonly R[], pathname: string, method: string) {
  const candidates = routes.filter((r) => r.pattern.test(pathname)).sort(bySpecificity);
  const route = candidates.find((r) => r.method === method || (method === 'HEAD' && r.method === 'GET'));
  return { route, pathMatches: candidates.length > 0 };
}
