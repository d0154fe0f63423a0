/**
 * The area of a route: which nested stack of the app holds its function, integration, permission
 * and route (infra/constructs/route-area.ts). Derived from the route's path, so the route table
 * stays the one list of routes and a new route needs no extra field: the last path segment that
 * names an area decides (`/api/meetings/{meetingId}/requests/{requestId}/accept` is papers'), and a
 * path that names none (`/`, `/sign-in`, `/assets/{proxy+}`) belongs to the site.
 *
 * A route must keep its area once deployed: moving it would create its API Gateway route in the
 * new area's stack while the old stack still holds the same route key, which API Gateway refuses.
 * So add words here for new paths only, never move a deployed word to another area.
 */
export const AREAS = ['planning', 'papers', 'questions', 'minutes', 'operations', 'site'] as const;
export type Area = (typeof AREAS)[number];

/** The area of a route whose path names no area. */
export const DEFAULT_AREA: Area = 'site';

/** Path segments (without an extension: `questions.csv` is `questions`) that name an area. */
const AREA_WORDS: Record<Exclude<Area, 'site'>, readonly string[]> = {
  planning: ['staff', 'meetings', 'meeting-series', 'series', 'agenda', 'topics', 'actions', 'tracking', 'matters-arising', 'people', 'calendar'],
  papers: ['requests', 'papers'],
  questions: ['questions'],
  minutes: ['minutes', 'decisions'],
  operations: ['reminders', 'emails', 'outbox', 'bounces', 'import', 'imports', 'archive', 'inspection', 'jobs', 'settings', 'audit'],
};

const areaOfWord = new Map<string, Area>(
  Object.entries(AREA_WORDS).flatMap(([area, words]) => words.map((word) => [word, area as Area] as const)),
);

export function areaOf(route: { readonly path: string }): Area {
  const words = route.path
    .split('/')
    .filter((segment) => segment && !segment.startsWith('{'))
    .map((segment) => segment.replace(/\.[a-z]+$/i, '').toLowerCase());
  for (const word of words.reverse()) {
    const area = areaOfWord.get(word);
    if (area) return area;
  }
  return DEFAULT_AREA;
}
