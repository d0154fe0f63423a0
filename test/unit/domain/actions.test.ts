import { describe, expect, it } from 'vitest';
import { isMatterArising, newAction, updateAction } from '../../../shared/domain/actions';
import type { Action, Meeting } from '../../../shared/schemas/entities';

const september = { id: 'SEPT', start: '2021-09-14T13:00:00.000Z' } as Meeting; // 14:00 BST
const december = { start: '2021-12-07T14:00:00.000Z' };
const recorded = new Date('2021-09-14T15:30:00.000Z');
const later = new Date('2021-10-18T10:30:00.000Z');

const action = (fields: Partial<Action> = {}): Action => ({
  ...newAction(september, { text: 'WYP to provide further information on the reporting portal for partners', owner: 'WYP' }, 'em@example.org', recorded),
  ...fields,
});

describe('newAction', () => {
  it('records an open action on its meeting, with the first update', () => {
    const a = action();
    expect(a).toMatchObject({
      meetingId: 'SEPT',
      meetingStart: september.start,
      text: 'WYP to provide further information on the reporting portal for partners',
      owner: 'WYP',
      status: 'open',
      version: 1,
      createdAt: recorded.toISOString(),
      updatedAt: recorded.toISOString(),
    });
    expect(a.updates).toEqual([{ at: recorded.toISOString(), by: 'em@example.org', status: 'open', note: 'Action recorded' }]);
    expect(a.id).toMatch(/^[0-9A-Z]{26}$/);
  });
});

describe('updateAction', () => {
  it('appends a dated update, with the note only when there is one', () => {
    const ongoing = updateAction(action(), { status: 'ongoing', note: 'Portal demo booked' }, 'eo@example.org', later);
    const done = updateAction(ongoing, { status: 'completed' }, 'em@example.org', new Date('2021-12-07T15:00:00.000Z'));
    expect(done.status).toBe('completed');
    expect(done.version).toBe(3);
    expect(done.updatedAt).toBe('2021-12-07T15:00:00.000Z');
    expect(done.createdAt).toBe(recorded.toISOString());
    expect(done.updates.slice(1)).toEqual([
      { at: later.toISOString(), by: 'eo@example.org', status: 'ongoing', note: 'Portal demo booked' },
      { at: '2021-12-07T15:00:00.000Z', by: 'em@example.org', status: 'completed' },
    ]);
  });

  it('leaves the action it was given unchanged', () => {
    const a = action();
    updateAction(a, { status: 'completed' }, 'em@example.org', later);
    expect(a.status).toBe('open');
    expect(a.updates).toHaveLength(1);
  });
});

describe('isMatterArising', () => {
  it.each([
    ['an open action from an earlier meeting', 'open', september.start, true],
    ['an ongoing action from an earlier meeting', 'ongoing', september.start, true],
    ['a completed action from an earlier meeting', 'completed', september.start, false],
    ['an open action from this meeting', 'open', december.start, false],
    ['an open action from a later meeting', 'open', '2022-03-29T13:00:00.000Z', false],
  ] as const)('%s: %s', (_, status, meetingStart, arising) => {
    expect(isMatterArising(action({ status, meetingStart }), december)).toBe(arising);
  });
});
