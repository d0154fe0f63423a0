import { describe, expect, it } from 'vitest';
import { AREAS, areaOf, DEFAULT_AREA } from '../../../infra/areas.js';
import { routeList } from '../../../shared/routes.js';

describe('areaOf (which nested stack holds a route)', () => {
  it.each([
    ['/api/meetings', 'planning'],
    ['/api/meetings/{meetingId}/agenda', 'planning'],
    ['/staff/meetings/{meetingId}/publish', 'planning'],
    ['/meetings.ics', 'planning'],
    ['/staff', 'planning'],
    ['/api/meetings/{meetingId}/requests/{requestId}/accept', 'papers'],
    ['/papers/{requestId}/{key}/uploaded', 'papers'],
    ['/meetings/{meetingId}/papers/{requestId}', 'papers'],
    ['/staff/meetings/{meetingId}/questions.csv', 'questions'],
    ['/questions/{questionId}/forget/{key}', 'questions'],
    ['/staff/meetings/{meetingId}/minutes', 'minutes'],
    ['/staff/meetings/{meetingId}/reminders', 'operations'],
    ['/staff/outbox/{emailId}/retry', 'operations'],
    ['/', 'site'],
    ['/sign-in', 'site'],
    ['/assets/{proxy+}', 'site'],
    ['/api/openapi.json', 'site'],
  ])('%s is in %s', (path, area) => {
    expect(areaOf({ path })).toBe(area);
  });

  it('puts a path that names no area in the site, so a new route never fails to find a stack', () => {
    expect(areaOf({ path: '/something-new/{id}' })).toBe(DEFAULT_AREA);
    expect(areaOf({ path: '/{proxy+}' })).toBe(DEFAULT_AREA);
  });

  it('reads path variables as no word: {meetingId} never decides', () => {
    expect(areaOf({ path: '/{questions}' })).toBe(DEFAULT_AREA);
  });

  it('places every route of the route table in a known area', () => {
    for (const route of routeList) expect(AREAS, route.name).toContain(areaOf(route));
  });
});
