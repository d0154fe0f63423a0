import { describe, expect, it } from 'vitest';
import { api, tokenFor } from '../../support/http.js';
import { meeting, standingAgenda, uniqueTuesday } from '../../support/fixtures.js';

describe('meetings', () => {
  it('schedules a meeting in London time with its standing agenda and derived deadlines', async () => {
    // As the 7 December 2021 meeting: Tuesday 14:00 London (GMT in December).
    const m = await meeting({ start: '2021-12-07T14:00', livestreamUrl: 'https://www.youtube.com/watch?v=com' }, '2021-11-01T09:00:00Z');
    expect(m.start).toBe('2021-12-07T14:00:00.000Z');
    expect(m.startLocal).toBe('2021-12-07T14:00');
    expect(m.status).toBe('planned');
    expect(m.deadlines).toEqual({ papersDue: '2021-11-15', agendaPublication: '2021-11-29', questionDeadline: '2021-11-30' });

    const view = await api('GET', `/api/meetings/${m.id}`);
    expect(view.status).toBe(200);
    expect(view.body.agenda.map((a: { title: string }) => a.title)).toEqual(standingAgenda);
  });

  it('refuses a livestream link that is not https (the API as the forms do), with the message a person can act on', async () => {
    const res = await api('POST', '/api/meetings', { start: '2031-03-04T14:00', place: 'Wellington House, Wakefield', livestreamUrl: 'http://example.org/live' });
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([{ field: 'livestreamUrl', message: 'Enter the livestream link as a full web address starting with https://' }]);
  });

  it('stores summer meetings unambiguously (BST) and skips Easter when counting clear days', async () => {
    const m = await meeting({ start: '2022-04-19T14:00' }, '2022-03-01T09:00:00Z');
    expect(m.start).toBe('2022-04-19T13:00:00.000Z');
    expect(m.deadlines.agendaPublication).toBe('2022-04-07');
  });

  it('recomputes deadlines when a meeting moves, and refuses a stale version with 409', async () => {
    const m = await meeting({ start: '2021-12-07T14:00' }, '2021-11-01T09:00:00Z');
    const moved = await api('PATCH', `/api/meetings/${m.id}`, { version: m.version, start: '2022-04-19T15:00' }, { now: '2021-11-02T09:00:00Z' });
    expect(moved.status).toBe(200);
    expect(moved.body.deadlines.agendaPublication).toBe('2022-04-07');
    expect(moved.body.version).toBe(m.version + 1);

    const stale = await api('PATCH', `/api/meetings/${m.id}`, { version: m.version, place: 'Somewhere else' });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatch(/Reload and try again/);
    const after = await api('GET', `/api/meetings/${m.id}`);
    expect(after.body.meeting.place).toBe('Wellington House, Wakefield');
    expect(after.body.meeting.start).toBe('2022-04-19T14:00:00.000Z');
  });

  it('refuses to cancel by a status change, pointing to the cancel route (which withdraws and tells everyone)', async () => {
    const m = await meeting({ start: '2021-12-07T14:00' }, '2021-11-01T09:00:00Z');
    const res = await api('PATCH', `/api/meetings/${m.id}`, { version: m.version, status: 'cancelled' }, { now: '2021-11-02T09:00:00Z' });
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([expect.objectContaining({ field: 'status', message: expect.stringContaining('/cancel') })]);
    expect((await api('GET', `/api/meetings/${m.id}`, undefined, { now: '2021-11-02T09:00:00Z' })).body.meeting).toMatchObject({ status: 'planned', version: m.version });
  });

  it('creates a series every N weeks, all at the same London time across the clock change', async () => {
    const res = await api('POST', '/api/meeting-series', { first: '2022-09-13', everyWeeks: 8, count: 3, time: '14:00', place: 'Online' });
    expect(res.status).toBe(201);
    expect(res.body.meetings.map((m: { startLocal: string }) => m.startLocal)).toEqual(['2022-09-13T14:00', '2022-11-08T14:00', '2023-01-03T14:00']);
    expect(res.body.meetings.map((m: { start: string }) => m.start)).toEqual([
      '2022-09-13T13:00:00.000Z',
      '2022-11-08T14:00:00.000Z',
      '2023-01-03T14:00:00.000Z',
    ]);
  });

  it('creates a series from a list of dates', async () => {
    const dates = [uniqueTuesday(), uniqueTuesday()];
    const res = await api('POST', '/api/meeting-series', { dates, time: '15:00', place: 'Online' });
    expect(res.status).toBe(201);
    expect(res.body.meetings.map((m: { startLocal: string }) => m.startLocal)).toEqual(dates.sort().map((d) => `${d}T15:00`));
  });

  it('lists meetings by date range', async () => {
    const date = uniqueTuesday();
    const m = await meeting({ start: `${date}T14:00` });
    const res = await api('GET', `/api/meetings?from=${date}&to=${date}`);
    expect(res.status).toBe(200);
    // Other test files may have picked the same day: the list holds ours, and only that day's meetings.
    expect(res.body.meetings.map((x: { id: string }) => x.id)).toContain(m.id);
    expect(res.body.meetings.every((x: { startLocal: string }) => x.startLocal.startsWith(date))).toBe(true);
    const dayBefore = new Date(Date.parse(date) - 86_400_000).toISOString().slice(0, 10);
    expect((await api('GET', `/api/meetings?from=${dayBefore}&to=${dayBefore}`)).body.meetings.map((x: { id: string }) => x.id)).not.toContain(m.id);
  });

  describe('bad input gets a 4xx with a clear message and writes nothing', () => {
    // Each attempt carries a unique title, so meetings other test files made that day don't count.
    const marker = () => `Bad input ${Math.random().toString(36).slice(2, 10)}`;
    const countOn = async (date: string, title: string) =>
      (await api('GET', `/api/meetings?from=${date}&to=${date}`)).body.meetings.filter((m: { title: string }) => m.title === title).length;

    it.each([
      ['missing place', { start: 'T14:00' }, /Enter the place/],
      ['wrong type for place', { start: 'T14:00', place: 42 }, /place/i],
      ['a time that is not a time', { start: 'T25:00', place: 'Online' }, /London date and time/],
      ['a bad livestream link', { start: 'T14:00', place: 'Online', livestreamUrl: 'javascript:alert(1)' }, /https:\/\//],
    ])('%s', async (_name, body, message) => {
      const [date, title] = [uniqueTuesday(), marker()];
      const start = (body as { start: string }).start;
      const res = await api('POST', '/api/meetings', { ...body, title, start: `${date}${start}` });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(message);
      expect(res.body.issues.length).toBeGreaterThan(0);
      expect(await countOn(date, title)).toBe(0);
    });

    it('a time that does not exist in London (clocks go forward)', async () => {
      const title = marker();
      const res = await api('POST', '/api/meetings', { title, start: '2022-03-27T01:30', place: 'Online' });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(/does not exist in London/);
      expect(await countOn('2022-03-27', title)).toBe(0);
    });

    it('a series with no dates', async () => {
      const res = await api('POST', '/api/meeting-series', { dates: [], time: '14:00', place: 'Online' });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(/at least one date/);
    });

    it('a series that is neither a list nor a repeat', async () => {
      const res = await api('POST', '/api/meeting-series', { time: '14:00', place: 'Online' });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(/either a list of dates, or a first date/);
    });

    it('a series with one bad date creates none of its meetings', async () => {
      const [good, title] = [uniqueTuesday(), marker()];
      const res = await api('POST', '/api/meeting-series', { title, dates: [good, '2022-02-30'], time: '14:00', place: 'Online' });
      expect(res.status).toBe(400);
      expect(await countOn(good, title)).toBe(0);
    });

    it('malformed JSON, a body that is not an object, and no content type', async () => {
      const malformed = await api('POST', '/api/meetings', '{"place":', {});
      expect(malformed.status).toBe(400);
      expect(malformed.body.error).toMatch(/not valid JSON/);
      const array = await api('POST', '/api/meetings', '[1,2]');
      expect(array.status).toBe(400);
      expect(array.body.error).toMatch(/must be a JSON object/);
      const noType = await api('POST', '/api/meetings', undefined, { headers: { 'content-type': 'text/plain' } });
      expect(noType.status).toBe(415);
    });

    it('an unknown or malformed meeting id', async () => {
      const unknown = await api('GET', '/api/meetings/01J0000000000000000000000Z');
      expect(unknown.status).toBe(404);
      expect(unknown.body.error).toMatch(/no meeting with id/);
      const malformed = await api('GET', '/api/meetings/not-an-id');
      expect(malformed.status).toBe(400);
      expect(malformed.body.error).toMatch(/meeting id is not a valid id/);
    });

    it('an impossible status change', async () => {
      const m = await meeting();
      const held = await api('PATCH', `/api/meetings/${m.id}`, { version: 1, status: 'held' });
      expect(held.status).toBe(200);
      const back = await api('PATCH', `/api/meetings/${m.id}`, { version: 2, status: 'planned' });
      expect(back.status).toBe(400);
      expect(back.body.error).toMatch(/held cannot become planned/);
      const moved = await api('PATCH', `/api/meetings/${m.id}`, { version: 2, start: '2041-01-01T14:00' });
      expect(moved.status).toBe(400);
    });
  });

  describe('staff identity', () => {
    it('answers 401 without a token or with a bad one, 403 outside the staff group', async () => {
      const none = await api('GET', '/api/meetings', undefined, { token: null });
      expect(none.status).toBe(401);
      // API Gateway's JWT authorizer answers before any function runs (the local server does the same).
      expect(none.body).toEqual({ message: 'Unauthorized' });
      const garbage = await api('GET', '/api/meetings', undefined, { token: 'not.a.jwt' });
      expect(garbage.status).toBe(401);
      const expired = await api('GET', '/api/meetings', undefined, { token: await tokenFor('engagement.manager@example.org', '-1m') });
      expect(expired.status).toBe(401);
      const observer = await api('GET', '/api/meetings', undefined, { token: await tokenFor('observer@example.org') });
      expect(observer.status).toBe(403);
      expect(observer.body.error).toMatch(/not in the staff group/);
    });

    it('refuses a write without a token and writes nothing', async () => {
      const [date, place] = [uniqueTuesday(), `Nowhere ${Math.random().toString(36).slice(2, 10)}`];
      const res = await api('POST', '/api/meetings', { start: `${date}T14:00`, place }, { token: null });
      expect(res.status).toBe(401);
      expect((await api('GET', `/api/meetings?from=${date}&to=${date}`)).body.meetings.filter((m: { place: string }) => m.place === place)).toEqual([]);
    });
  });
});
