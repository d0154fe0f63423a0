import { describe, expect, it } from 'vitest';
import { api } from '../../support/http.js';
import { meeting, topic } from '../../support/fixtures.js';

describe('actions and matters arising', () => {
  it('shows an action not completed under matters arising of later meetings until it is completed', async () => {
    const earlier = await meeting({ start: '2030-09-10T15:00' });
    const raisedAt = await meeting({ start: '2030-09-17T15:00' });
    const next = await meeting({ start: '2030-12-10T14:00' });

    const created = await api('POST', `/api/meetings/${raisedAt.id}/actions`, { text: 'WYP to provide further information on the reporting portal for partners', owner: 'T/ACC' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'open', meetingId: raisedAt.id, updates: [{ status: 'open', by: 'engagement.manager@example.org' }] });
    const id = created.body.id;

    const arising = async (m: { id: string }) => (await api('GET', `/api/meetings/${m.id}/matters-arising`)).body.actions.map((a: { id: string }) => a.id);
    expect(await arising(next)).toContain(id);
    expect(await arising(earlier)).not.toContain(id);
    expect(await arising(raisedAt)).not.toContain(id);
    expect((await api('GET', `/api/meetings/${next.id}`)).body.mattersArising.map((a: { id: string }) => a.id)).toContain(id);
    expect((await api('GET', `/api/meetings/${raisedAt.id}`)).body.actions.map((a: { id: string }) => a.id)).toEqual([id]);

    const ongoing = await api('PATCH', `/api/meetings/${raisedAt.id}/actions/${id}`, { version: 1, status: 'ongoing', note: 'Briefing booked' }, { now: '2030-10-01T09:00:00Z' });
    expect(ongoing.status).toBe(200);
    expect(await arising(next)).toContain(id);

    const done = await api('PATCH', `/api/meetings/${raisedAt.id}/actions/${id}`, { version: 2, status: 'completed' }, { now: '2030-11-01T09:00:00Z' });
    expect(done.body.updates.map((u: { status: string; at: string }) => [u.status, u.at.slice(0, 10)])).toEqual([
      ['open', expect.any(String)],
      ['ongoing', '2030-10-01'],
      ['completed', '2030-11-01'],
    ]);
    expect(await arising(next)).not.toContain(id);
  });

  it('turns an action into a future agenda topic', async () => {
    const m = await meeting();
    const action = (await api('POST', `/api/meetings/${m.id}/actions`, { text: 'Hate crimes on officers to be discussed at a future meeting', owner: 'WYP' })).body;
    const t = await topic({ title: 'Hate crime against officers', source: { kind: 'action', meetingId: m.id, actionId: action.id } });
    expect(t.source).toEqual({ kind: 'action', meetingId: m.id, actionId: action.id });
  });

  it('refuses bad action input and unknown actions', async () => {
    const m = await meeting();
    const missing = await api('POST', `/api/meetings/${m.id}/actions`, { owner: 'WYP' });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatch(/Enter the action/);
    const status = await api('PATCH', `/api/meetings/${m.id}/actions/01J0000000000000000000000Z`, { version: 1, status: 'done' });
    expect(status.status).toBe(400);
    expect(status.body.error).toMatch(/open, ongoing, completed/);
    const unknown = await api('PATCH', `/api/meetings/${m.id}/actions/01J0000000000000000000000Z`, { version: 1, status: 'completed' });
    expect(unknown.status).toBe(404);
    expect((await api('GET', `/api/meetings/${m.id}`)).body.actions).toEqual([]);
  });
});
