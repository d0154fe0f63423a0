import { describe, expect, it } from 'vitest';
import { changeTopic, newTopic, scheduleTopic } from '../../../shared/domain/topics';
import { ConflictError } from '../../../shared/domain/errors';
import type { Topic } from '../../../shared/schemas/entities';

const now = new Date('2021-09-15T09:00:00.000Z');
const later = new Date('2021-10-18T10:30:00.000Z');

const topic = (fields: Partial<Topic> = {}): Topic => ({
  id: 'T1',
  title: 'Road Safety',
  points: ['Update on Vision Zero', 'Update on Op Snap'],
  source: { kind: 'future-items', meetingId: 'SEPT' },
  status: 'open',
  version: 2,
  createdAt: now.toISOString(),
  updatedAt: now.toISOString(),
  ...fields,
});

describe('newTopic', () => {
  it('starts open at version 1 with its source and points, stamped with the clock', () => {
    const t = newTopic({ title: 'Safeguarding', points: ['Exploitation of children'], source: { kind: 'action', meetingId: 'SEPT', actionId: 'A1' } }, now);
    expect(t).toEqual({
      id: t.id,
      title: 'Safeguarding',
      points: ['Exploitation of children'],
      source: { kind: 'action', meetingId: 'SEPT', actionId: 'A1' },
      status: 'open',
      version: 1,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    });
    expect(t.id).toMatch(/^[0-9A-Z]{26}$/);
    expect(newTopic({ title: 'X', points: [], source: { kind: 'staff' } }, now).id).not.toBe(t.id);
  });
});

describe('changeTopic', () => {
  it.each([
    [{ title: 'Road Safety and Vision Zero' }, { title: 'Road Safety and Vision Zero', points: topic().points, status: 'open' }],
    [{ points: ['Impact of ANPR'] }, { title: 'Road Safety', points: ['Impact of ANPR'], status: 'open' }],
    [{ status: 'closed' as const }, { title: 'Road Safety', points: topic().points, status: 'closed' }],
  ])('applies %j', (change, expected) => {
    const next = changeTopic(topic(), change, later);
    expect(next).toMatchObject(expected);
    expect(next.version).toBe(3);
    expect(next.updatedAt).toBe(later.toISOString());
  });

  it('ignores an empty title', () => {
    const next = changeTopic(topic(), { title: '' }, later);
    expect(next.title).toBe('Road Safety');
    expect(next.version).toBe(3);
  });

  it('reopens a closed topic, dropping any meeting it named', () => {
    const next = changeTopic(topic({ status: 'closed', meetingId: 'DEC' }), { status: 'open' }, later);
    expect(next.status).toBe('open');
    expect(next).not.toHaveProperty('meetingId');
  });

  it('closes a scheduled topic but keeps its meeting', () => {
    expect(changeTopic(topic({ status: 'scheduled', meetingId: 'DEC' }), { status: 'closed' }, later)).toMatchObject({ status: 'closed', meetingId: 'DEC' });
  });

  it('refuses to reopen a scheduled topic: its request must be withdrawn first', () => {
    expect(() => changeTopic(topic({ status: 'scheduled', meetingId: 'DEC' }), { status: 'open' }, later)).toThrow(ConflictError);
    expect(() => changeTopic(topic({ status: 'scheduled', meetingId: 'DEC' }), { status: 'open' }, later)).toThrow(/withdraw/);
  });
});

describe('scheduleTopic', () => {
  it('schedules an open topic on a meeting, bumping the version', () => {
    expect(scheduleTopic(topic(), 'DEC', later)).toMatchObject({ status: 'scheduled', meetingId: 'DEC', version: 3, updatedAt: later.toISOString() });
  });

  it('is a no-op on the meeting it is already scheduled on', () => {
    const t = topic({ status: 'scheduled', meetingId: 'DEC' });
    expect(scheduleTopic(t, 'DEC', later)).toBe(t);
  });

  it.each([
    ['scheduled on another meeting', topic({ status: 'scheduled', meetingId: 'MARCH' }), /is scheduled on another meeting/],
    ['reported', topic({ status: 'reported', meetingId: 'SEPT' }), /is reported on another meeting/],
    ['closed', topic({ status: 'closed' }), /is closed; only an open topic/],
  ])('refuses a topic %s', (_, t, message) => {
    expect(() => scheduleTopic(t, 'DEC', later)).toThrow(ConflictError);
    expect(() => scheduleTopic(t, 'DEC', later)).toThrow(message);
  });
});
