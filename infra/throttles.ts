/**
 * Per-route throttling of the HTTP API stage, derived from the route table (shared/routes.ts): each
 * route's class follows from its method and access, so a new route gets its limits with no extra
 * field. API Gateway keeps a token bucket per route (the stage default applies to each route on its
 * own), so a flood of public form posts is refused with 429 on those routes while staff routes and
 * the public pages keep their own buckets. The limits are per route, in requests a second (`rateLimit`)
 * with a short burst (`burstLimit`); the account's regional limit (10,000 a second) is above them all.
 */
import type { RouteDef } from '../shared/routes.js';

export interface Throttle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

export type ThrottleClass = 'public-form' | 'author' | 'staff' | 'default';

export const THROTTLES: Record<ThrottleClass, Throttle> = {
  // Anyone can post these (the question form, deleting one's name and email, sign-in and sign-out):
  // a few a second is far above honest use, and the app also counts questions per address.
  'public-form': { rateLimit: 5, burstLimit: 10 },
  // Opened from an emailed link by a report author (the upload itself goes straight to S3).
  author: { rateLimit: 10, burstLimit: 20 },
  // Staff pages and the staff API: a small office, never starved by public traffic.
  staff: { rateLimit: 25, burstLimit: 50 },
  // Everything else: public pages, feeds, assets (a meeting day's audience).
  default: { rateLimit: 50, burstLimit: 100 },
};

/** The stage's default route throttle (each route not given its own limits). */
export const STAGE_DEFAULT_THROTTLE = THROTTLES.default;

export function throttleClass(route: Pick<RouteDef, 'method' | 'access'>): ThrottleClass {
  if (route.access === 'staff') return 'staff';
  if (route.access === 'author') return 'author';
  if (route.access === 'public' && route.method !== 'GET') return 'public-form';
  return 'default';
}

/**
 * CfnStage `RouteSettings`: every route that is not in the default class, keyed by its route key
 * (`POST /meetings/{meetingId}/questions`). Only routes of the stack are named: API Gateway refuses
 * a setting for a route that does not exist.
 */
export function routeThrottles(routes: readonly Pick<RouteDef, 'method' | 'path' | 'access'>[]) {
  const settings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
  for (const route of routes) {
    const cls = throttleClass(route);
    if (cls === 'default') continue;
    settings[`${route.method} ${route.path}`] = { ThrottlingRateLimit: THROTTLES[cls].rateLimit, ThrottlingBurstLimit: THROTTLES[cls].burstLimit };
  }
  return settings;
}
