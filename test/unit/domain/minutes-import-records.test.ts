import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importRecords, OWNER_NOT_NAMED } from '../../../shared/domain/minutes-import-records';
import { parseMinutes } from '../../../shared/domain/minutes-import';
import type { ConfirmImportInput } from '../../../shared/schemas/minutes-import';

const KEY = '01FFJM0TD8ZQ4XW7S2N9V3K6RA';
const now = new Date('2021-11-01T09:00:00Z');
const september = parseMinutes(readFileSync(new URL('../../fixtures/seeds/com-2021-09-14-minutes-and-dec-2021-papers.txt', import.meta.url), 'utf8')).proposal;
const input = (fields: Partial<ConfirmImportInput> = {}): ConfirmImportInput => ({
  importKey: KEY, title: september.title, date: '2021-09-14', startTime: '15:00', place: 'Online', status: 'published-draft',
  attendance: september.attendance, items: september.items, futureItems: september.futureItems, ...fields,
});

describe('importRecords', () => {
  it('a held meeting (id: the import key) with its agenda, minutes, revision 1, open actions under their items and topics', () => {
    const r = importRecords(input(), 'em@example.org', now);
    expect(r.meeting).toMatchObject({ id: KEY, status: 'held', start: '2021-09-14T14:00:00.000Z', minutesStatus: 'published-draft', minutesPublishedAt: now.toISOString(), version: 1 });
    expect(r.meeting.agendaOrder).toEqual(r.agenda.map((a) => a.id));
    expect(r.agenda.map((a) => a.standing ?? a.kind)).toEqual(['welcome', 'previous-notes', 'announcements', 'verbal', 'verbal', 'verbal', 'verbal', 'verbal', 'verbal', 'future-items', 'any-other-business', 'next-meeting']);
    expect(r.agenda.every((a) => a.kind !== 'verbal' || a.format === undefined)).toBe(true);
    expect(r.actions).toHaveLength(6);
    expect(r.actions.every((a) => a.status === 'open' && a.meetingStart === r.meeting.start)).toBe(true);
    expect(r.actions[0]).toMatchObject({ text: 'DMPC to visit a Neighbourhood Forum', owner: 'DMPC', agendaItemId: r.agenda[4]!.id });
    expect(r.actions[1]!.owner).toBe(OWNER_NOT_NAMED);
    expect(r.topics.map((t) => t.source)).toEqual(Array(5).fill({ kind: 'future-items', meetingId: KEY }));
    expect(r.minutes).toMatchObject({ status: 'published-draft', revision: 1, futureItems: r.topics.map((t) => ({ title: t.title, topicId: t.id })) });
    expect(r.minutes.sections.map((s) => s.agendaItemId)).not.toContain(r.agenda[9]!.id); // future items: no notes of their own
    expect(r.revision).toMatchObject({ revision: 1, reason: expect.stringMatching(/draft/) });
  });
  it('refuses a meeting in the future, and more than one transaction can write', () => {
    expect(() => importRecords(input({ date: '2021-12-07' }), 'em', now)).toThrow(/must have taken place/);
    const many = september.items.map((i) => ({ ...i, actions: Array.from({ length: 10 }, (_, n) => ({ text: `Action ${n}` })) }));
    expect(() => importRecords(input({ items: many }), 'em', now)).toThrow(/at most 100/);
  });
});
