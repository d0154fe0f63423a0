/**
 * Lost updates: two members of staff change the same thing at once, each from what they read.
 * Exactly one wins (200, or 303 for a form), the other gets 409 with a message, and the loser's
 * change is not silently dropped nor silently applied: retrying from a fresh read keeps both.
 * Through the API and through the pages (every form that changes a versioned thing carries the
 * version the page showed).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { endpoints, tokenFor } from '../../support/http.js';
import { call, makeWorld, withCsrf, type Reply, type World } from '../../support/world.js';

let manager: string;
let officer: string;
const base = () => endpoints().app;

beforeAll(async () => {
  manager = await tokenFor('engagement.manager@example.org');
  officer = await tokenFor('engagement.officer@example.org');
});

const statuses = (rs: Reply[]) => rs.map((r) => r.status).sort();
const meetingOf = async (w: World) => (await call(base(), { method: 'GET', path: `/api/meetings/${w.meetingId}`, token: manager })).json;

describe('through the API', () => {
  let w: World;
  beforeAll(async () => {
    w = await makeWorld(base(), manager);
  });

  it('two changes to one meeting at once: one 200, one 409, and the loser retries onto the winner', async () => {
    for (let round = 0; round < 5; round++) {
      const { meeting } = await meetingOf(w);
      const place = `Wellington House, Wakefield (room ${round})`;
      const title = `Community Outcomes Meeting ${round}`;
      const [a, b] = await Promise.all([
        call(base(), { method: 'PATCH', path: `/api/meetings/${w.meetingId}`, token: manager, now: w.now, json: { version: meeting.version, place } }),
        call(base(), { method: 'PATCH', path: `/api/meetings/${w.meetingId}`, token: officer, now: w.now, json: { version: meeting.version, title } }),
      ]);
      expect(statuses([a!, b!]), `${a!.text} | ${b!.text}`).toEqual([200, 409]);
      const loser = a!.status === 409 ? a! : b!;
      expect(loser.json.error).toMatch(/changed .* since you loaded it|at the same time/);
      const after = (await meetingOf(w)).meeting;
      expect(after.version).toBe(meeting.version + 1);
      // Only the winner's change is in, and nothing else moved.
      expect([after.place === place, after.title === title].filter(Boolean)).toHaveLength(1);
      expect(after.start).toBe(meeting.start);
      // The loser reloads and sends again: both changes are kept.
      const retry = await call(base(), {
        method: 'PATCH',
        path: `/api/meetings/${w.meetingId}`,
        token: a!.status === 409 ? manager : officer,
        now: w.now,
        json: { version: after.version, ...(a!.status === 409 ? { place } : { title }) },
      });
      expect(retry.status, retry.text).toBe(200);
      const both = (await meetingOf(w)).meeting;
      expect([both.place, both.title]).toEqual([place, title]);
    }
  });

  it('two new agenda orders at once: one 200, one 409; the agenda is the winner’s order', async () => {
    const { meeting, agenda } = await meetingOf(w);
    const ids = (agenda as { id: string }[]).map((a) => a.id);
    const reversed = [...ids].reverse();
    const rotated = [...ids.slice(1), ids[0]!];
    const [a, b] = await Promise.all([
      call(base(), { method: 'PUT', path: `/api/meetings/${w.meetingId}/agenda`, token: manager, now: w.now, json: { version: meeting.version, order: reversed } }),
      call(base(), { method: 'PUT', path: `/api/meetings/${w.meetingId}/agenda`, token: officer, now: w.now, json: { version: meeting.version, order: rotated } }),
    ]);
    expect(statuses([a!, b!]), `${a!.text} | ${b!.text}`).toEqual([200, 409]);
    const order = ((await meetingOf(w)).agenda as { id: string }[]).map((x) => x.id);
    expect(order).toEqual(a!.status === 200 ? reversed : rotated);
  });

  it('a meeting change and an agenda move at once (both write the meeting): one wins', async () => {
    const { meeting } = await meetingOf(w);
    const [a, b] = await Promise.all([
      call(base(), { method: 'PATCH', path: `/api/meetings/${w.meetingId}`, token: manager, now: w.now, json: { version: meeting.version, place: 'County Hall, Wakefield' } }),
      call(base(), {
        method: 'POST',
        path: `/staff/meetings/${w.meetingId}/agenda/${w.itemId}/move`,
        cookie: `session=${officer}`,
        now: w.now,
        form: withCsrf(officer, { direction: 'up', version: String(meeting.version) }),
      }),
    ]);
    expect([a!.status, b!.status].filter((s) => s === 409), `${a!.status} ${b!.status}`).toHaveLength(1);
    expect([200, 303]).toContain(a!.status === 409 ? b!.status : a!.status);
    expect((await meetingOf(w)).meeting.version).toBe(meeting.version + 1);
  });

  it('two updates to one topic at once: one 200, one 409', async () => {
    const topic = (await call(base(), { method: 'GET', path: '/api/topics', token: manager })).json.topics.find((t: { id: string }) => t.id === w.topicId);
    const [a, b] = await Promise.all([
      call(base(), { method: 'PATCH', path: `/api/topics/${w.topicId}`, token: manager, now: w.now, json: { version: topic.version, points: ['Vision Zero', 'Op Snap'] } }),
      call(base(), { method: 'PATCH', path: `/api/topics/${w.topicId}`, token: officer, now: w.now, json: { version: topic.version, title: 'Road Safety (renamed)' } }),
    ]);
    expect(statuses([a!, b!]), `${a!.text} | ${b!.text}`).toEqual([200, 409]);
  });
});

describe('through the pages', () => {
  let w: World;
  beforeAll(async () => {
    w = await makeWorld(base(), manager);
  });

  /** The move form of an agenda item as the agenda order page shows it to a session. */
  async function moveForm(token: string, itemId: string) {
    const html = (await call(base(), { method: 'GET', path: `/staff/meetings/${w.meetingId}/agenda`, cookie: `session=${token}`, now: w.now })).text;
    const form = new RegExp(`<form method="post" action="/staff/meetings/${w.meetingId}/agenda/${itemId}/move"[\\s\\S]*?</form>`).exec(html)?.[0] ?? '';
    const hidden = Object.fromEntries([...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]));
    expect(hidden.version, 'the move form carries the agenda version').toMatch(/^\d+$/);
    expect(hidden.csrf).toBeDefined();
    return hidden;
  }

  const move = (token: string, itemId: string, hidden: Record<string, string>, direction: 'up' | 'down') =>
    call(base(), { method: 'POST', path: `/staff/meetings/${w.meetingId}/agenda/${itemId}/move`, cookie: `session=${token}`, now: w.now, form: { ...hidden, direction } });

  it('two people move items from the same page at once: one 303, one 409', async () => {
    const { agenda } = await meetingOf(w);
    const [x, y] = [agenda[2].id as string, agenda[4].id as string];
    const [fa, fb] = await Promise.all([moveForm(manager, x), moveForm(officer, y)]);
    const [a, b] = await Promise.all([move(manager, x, fa, 'up'), move(officer, y, fb, 'down')]);
    expect(statuses([a!, b!])).toEqual([303, 409]);
    const loser = a!.status === 409 ? a! : b!;
    expect(loser.text).toContain('Someone else changed this agenda');
  });

  it('a move from a page that is out of date is refused, not applied to an agenda the person has not seen', async () => {
    const { agenda } = await meetingOf(w);
    const item = agenda[3].id as string;
    const stale = await moveForm(officer, item);
    // The manager moves the same item first; the officer's page still shows the old agenda.
    expect((await move(manager, item, await moveForm(manager, item), 'up')).status).toBe(303);
    const before = ((await meetingOf(w)).agenda as { id: string }[]).map((a) => a.id);
    const late = await move(officer, item, stale, 'up');
    expect(late.status).toBe(409);
    expect(((await meetingOf(w)).agenda as { id: string }[]).map((a) => a.id)).toEqual(before);
    // Reloaded, the same move goes through.
    expect((await move(officer, item, await moveForm(officer, item), 'up')).status).toBe(303);
  });

  it('two updates to one action from the meeting page at once: one 303, one 409', async () => {
    const html = (await call(base(), { method: 'GET', path: `/staff/meetings/${w.meetingId}`, cookie: `session=${manager}`, now: w.now })).text;
    const version = new RegExp(`action="/staff/meetings/${w.meetingId}/actions/${w.actionId}"[\\s\\S]*?name="version" value="(\\d+)"`).exec(html)?.[1];
    expect(version).toBeDefined();
    const update = (token: string, status: string) =>
      call(base(), {
        method: 'POST',
        path: `/staff/meetings/${w.meetingId}/actions/${w.actionId}`,
        cookie: `session=${token}`,
        now: w.now,
        form: withCsrf(token, { version: version!, status, note: `Set to ${status}`, returnTo: `/staff/meetings/${w.meetingId}` }),
      });
    const [a, b] = await Promise.all([update(manager, 'ongoing'), update(officer, 'completed')]);
    expect(statuses([a!, b!])).toEqual([303, 409]);
  });
});
