import { describe, expect, it } from 'vitest';
import {
  assertOpenForPlanning,
  assertVersion,
  changeMeeting,
  deadlinesOf,
  insertTopicItem,
  meetingDate,
  moveAgendaItem,
  newMeeting,
  orderedAgenda,
  reorderAgenda,
  seriesStarts,
  standingTitles,
  startInstant,
  type MeetingChange,
} from '../../../shared/domain/meetings';
import { defaultDeadlineSettings } from '../../../shared/domain/deadlines';
import { ConflictError, ValidationError } from '../../../shared/domain/errors';
import { fieldsOf } from '../../support/domain';
import type { AgendaItem, Meeting, MeetingStatus } from '../../../shared/schemas/entities';

const now = new Date('2021-09-15T09:00:00.000Z');
const later = new Date('2021-10-18T10:30:00.000Z');

/** The 7 December 2021 meeting: 14:00 London, which is GMT in December. */
const december = () => newMeeting({ title: 'Community Outcomes Meeting', start: '2021-12-07T14:00', place: 'Wellington House, Wakefield' }, now);

const meeting = (fields: Partial<Meeting> = {}): Meeting => ({
  id: 'M1',
  title: 'Community Outcomes Meeting',
  start: '2021-12-07T14:00:00.000Z',
  startLocal: '2021-12-07T14:00',
  place: 'Wellington House, Wakefield',
  status: 'planned',
  agendaOrder: ['A', 'B', 'C', 'D'],
  version: 3,
  createdAt: now.toISOString(),
  updatedAt: now.toISOString(),
  ...fields,
});

describe('newMeeting', () => {
  it('stores the London start as a UTC instant, with the London wall clock beside it', () => {
    const { meeting: m } = december();
    expect(m.start).toBe('2021-12-07T14:00:00.000Z');
    expect(m.startLocal).toBe('2021-12-07T14:00');
    // In British Summer Time 14:00 London is 13:00 UTC.
    const summer = newMeeting({ title: 'COM', start: '2022-06-07T14:00', place: 'Leeds' }, now).meeting;
    expect(summer.start).toBe('2022-06-07T13:00:00.000Z');
    expect(summer.startLocal).toBe('2022-06-07T14:00');
  });

  it('starts planned at version 1, stamped with the clock passed in', () => {
    const { meeting: m } = december();
    expect(m).toMatchObject({ status: 'planned', version: 1, createdAt: now.toISOString(), updatedAt: now.toISOString(), place: 'Wellington House, Wakefield' });
    expect(m.id).toMatch(/^[0-9A-Z]{26}$/);
    expect(m).not.toHaveProperty('livestreamUrl');
    const streamed = newMeeting({ title: 'COM', start: '2021-12-07T14:00', place: 'Leeds', livestreamUrl: 'https://example.org/live' }, now).meeting;
    expect(streamed.livestreamUrl).toBe('https://example.org/live');
  });

  it('gives every meeting the standing agenda, in the order of the minutes', () => {
    const { meeting: m, agenda } = december();
    expect(agenda.map((i) => i.standing)).toEqual([
      'welcome',
      'previous-notes',
      'announcements',
      'public-questions',
      'future-items',
      'any-other-business',
      'next-meeting',
    ]);
    for (const item of agenda) {
      expect(item).toMatchObject({ meetingId: m.id, kind: 'standing', title: standingTitles[item.standing!] });
    }
    expect(m.agendaOrder).toEqual(agenda.map((i) => i.id));
    expect(new Set(m.agendaOrder).size).toBe(agenda.length);
  });

  it.each([
    ['not a date', '7 December 2021 2pm'],
    ['not a real date', '2021-02-30T14:00'],
    ['in the spring gap', '2022-03-27T01:30'],
  ])('refuses a start that is %s, as a field error on start', (_, start) => {
    expect(fieldsOf(() => newMeeting({ title: 'COM', start, place: 'Leeds' }, now))).toEqual(['start']);
  });
});

describe('startInstant', () => {
  it.each([
    ['2021-12-07T14:00', '2021-12-07T14:00:00.000Z'], // GMT
    ['2022-03-29T14:00', '2022-03-29T13:00:00.000Z'], // BST, two days after the clocks went forward
    ['2022-10-30T01:30', '2022-10-30T00:30:00.000Z'], // the repeated autumn hour: the earlier (BST) instant
  ])('%s London is %s', (local, instant) => {
    expect(startInstant(local)).toBe(instant);
  });

  it('names the field it was given', () => {
    expect(fieldsOf(() => startInstant('2022-03-27T01:30', 'series.first'))).toEqual(['series.first']);
  });
});

describe('seriesStarts', () => {
  it('repeats every N weeks from a first date', () => {
    expect(seriesStarts({ time: '14:00', first: '2021-12-07', everyWeeks: 8, count: 3 })).toEqual([
      '2021-12-07T14:00',
      '2022-02-01T14:00',
      '2022-03-29T14:00',
    ]);
  });

  it('sorts a list of dates and refuses the same date twice', () => {
    expect(seriesStarts({ time: '15:00', dates: ['2022-03-29', '2021-12-07'] })).toEqual(['2021-12-07T15:00', '2022-03-29T15:00']);
    expect(fieldsOf(() => seriesStarts({ time: '15:00', dates: ['2021-12-07', '2021-12-07'] }))).toEqual(['dates']);
  });
});

describe('deadlinesOf and meetingDate', () => {
  it("takes the meeting's start through the deadline rules", () => {
    expect(deadlinesOf(december().meeting, defaultDeadlineSettings)).toEqual({
      papersDue: '2021-11-15',
      agendaPublication: '2021-11-29',
      questionDeadline: '2021-11-30',
    });
    // Two clear working days: Mon 6, Fri 3 → publish Thu 2 Dec; papers one working day before.
    expect(deadlinesOf({ start: '2021-12-07T14:00:00.000Z' }, { publicationClearWorkingDays: 2, papersDueWorkingDaysBeforePublication: 1, questionDeadlineDaysBefore: 7 })).toEqual({
      papersDue: '2021-12-01',
      agendaPublication: '2021-12-02',
      questionDeadline: '2021-12-02',
    });
  });

  it('gives the London date, not the UTC one', () => {
    // 00:30 BST on 29 March is still 28 March in UTC.
    expect(meetingDate({ start: '2022-03-28T23:30:00.000Z' })).toBe('2022-03-29');
    expect(meetingDate({ start: '2021-12-07T14:00:00.000Z' })).toBe('2021-12-07');
  });
});

describe('changeMeeting', () => {
  const moves: [MeetingStatus, MeetingStatus, boolean][] = [
    ['planned', 'agenda-published', true],
    ['planned', 'held', true],
    ['planned', 'cancelled', true],
    ['agenda-published', 'planned', true],
    ['agenda-published', 'held', true],
    ['agenda-published', 'cancelled', true],
    ['cancelled', 'planned', true],
    ['cancelled', 'held', false],
    ['cancelled', 'agenda-published', false],
    ['held', 'planned', false],
    ['held', 'cancelled', false],
    ['held', 'agenda-published', false],
  ];

  it.each(moves)('%s → %s allowed: %s', (from, to, allowed) => {
    const m = meeting({ status: from });
    if (allowed) {
      expect(changeMeeting(m, { status: to }, later).status).toBe(to);
    } else {
      expect(fieldsOf(() => changeMeeting(m, { status: to }, later))).toEqual(['status']);
    }
  });

  it('keeps the status when it is sent unchanged, even for a held meeting', () => {
    expect(changeMeeting(meeting({ status: 'held' }), { status: 'held' }, later).status).toBe('held');
  });

  it('moves the start (London wall clock in, instant and local out), unless the meeting was held', () => {
    const moved = changeMeeting(meeting(), { start: '2022-03-29T15:00' }, later);
    expect(moved.start).toBe('2022-03-29T14:00:00.000Z');
    expect(moved.startLocal).toBe('2022-03-29T15:00');
    expect(fieldsOf(() => changeMeeting(meeting({ status: 'held' }), { start: '2022-03-29T15:00' }, later))).toEqual(['start']);
    expect(fieldsOf(() => changeMeeting(meeting(), { start: '2022-03-27T01:30' }, later))).toEqual(['start']);
  });

  it('changes title and place, and sets or removes the livestream link', () => {
    const changes: [MeetingChange, Partial<Meeting>][] = [
      [{ title: 'COM (rearranged)' }, { title: 'COM (rearranged)' }],
      [{ place: 'Bradford City Hall' }, { place: 'Bradford City Hall' }],
      [{ livestreamUrl: 'https://example.org/live' }, { livestreamUrl: 'https://example.org/live' }],
    ];
    for (const [change, expected] of changes) expect(changeMeeting(meeting(), change, later)).toMatchObject(expected);
    const streamed = meeting({ livestreamUrl: 'https://example.org/old' });
    expect(changeMeeting(streamed, { livestreamUrl: null }, later)).not.toHaveProperty('livestreamUrl');
    expect(changeMeeting(streamed, {}, later).livestreamUrl).toBe('https://example.org/old');
  });

  it('bumps the version and stamps the clock, leaving the original untouched', () => {
    const m = meeting();
    const next = changeMeeting(m, { title: 'New title' }, later);
    expect(next.version).toBe(4);
    expect(next.updatedAt).toBe(later.toISOString());
    expect(next.createdAt).toBe(m.createdAt);
    expect(m.title).toBe('Community Outcomes Meeting');
    expect(m.version).toBe(3);
  });
});

describe('assertVersion', () => {
  it('passes on the version read, and is a conflict naming both versions otherwise', () => {
    expect(() => assertVersion({ version: 3 }, 3, 'meeting')).not.toThrow();
    expect(() => assertVersion({ version: 4 }, 3, 'meeting')).toThrow(ConflictError);
    expect(() => assertVersion({ version: 4 }, 3, 'meeting')).toThrow(/meeting.*version 4.*sent 3/);
  });
});

describe('assertOpenForPlanning', () => {
  it.each([
    ['planned', true],
    ['agenda-published', true],
    ['held', false],
    ['cancelled', false],
  ] as const)('a %s meeting takes new work: %s', (status, open) => {
    const check = () => assertOpenForPlanning(meeting({ status }));
    if (open) expect(check).not.toThrow();
    else {
      expect(check).toThrow(ConflictError);
      expect(check).toThrow(`Tuesday 7 December 2021 is ${status}`);
    }
  });
});

describe('reorderAgenda', () => {
  it('takes any permutation of the current items, bumping the version', () => {
    const next = reorderAgenda(meeting(), ['D', 'C', 'B', 'A'], later);
    expect(next.agendaOrder).toEqual(['D', 'C', 'B', 'A']);
    expect(next.version).toBe(4);
    expect(next.updatedAt).toBe(later.toISOString());
  });

  it.each([
    ['an item twice', ['A', 'A', 'B', 'C', 'D'], 1],
    ['a missing item', ['A', 'B', 'C'], 1],
    ['an unknown item', ['A', 'B', 'C', 'D', 'E'], 1],
    ['one missing and one unknown', ['A', 'B', 'C', 'E'], 2],
    ['nothing at all', [], 4],
  ])('refuses %s', (_, order, issues) => {
    let error: unknown;
    try {
      reorderAgenda(meeting(), order, later);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toHaveLength(issues);
    expect((error as ValidationError).issues.every((i) => i.field === 'order')).toBe(true);
  });

  it('says which items are missing and which are not on the agenda', () => {
    try {
      reorderAgenda(meeting(), ['A', 'B', 'C', 'E'], later);
      expect.unreachable();
    } catch (e) {
      expect((e as ValidationError).issues.map((i) => i.message)).toEqual([
        'Agenda item D is missing from the new order',
        "Agenda item E is not on this meeting's agenda",
      ]);
    }
  });
});

describe('moveAgendaItem', () => {
  it.each([
    ['B', 'up', ['B', 'A', 'C', 'D']],
    ['B', 'down', ['A', 'C', 'B', 'D']],
    ['D', 'up', ['A', 'B', 'D', 'C']],
    ['A', 'down', ['B', 'A', 'C', 'D']],
  ] as const)('moves %s %s', (item, direction, order) => {
    const next = moveAgendaItem(meeting(), item, direction, later);
    expect(next.agendaOrder).toEqual(order);
    expect(next.version).toBe(4);
  });

  it.each([
    ['A', 'up'],
    ['D', 'down'],
  ] as const)('leaves %s where it is when moved %s past the end: same meeting, same version', (item, direction) => {
    const m = meeting();
    expect(moveAgendaItem(m, item, direction, later)).toBe(m);
  });

  it('refuses an item that is not on the agenda', () => {
    expect(fieldsOf(() => moveAgendaItem(meeting(), 'Z', 'up', later))).toEqual(['itemId']);
  });
});

describe('insertTopicItem and orderedAgenda', () => {
  const topicItem = (id: string): AgendaItem => ({ id, meetingId: 'M1', kind: 'topic', title: `Topic ${id}`, topicId: `T-${id}` });

  it('puts a topic before public questions, after the topics already there', () => {
    const { meeting: m, agenda } = december();
    const first = topicItem('T1');
    const withFirst = insertTopicItem(m, agenda, first, later);
    const withSecond = insertTopicItem(withFirst, [...agenda, first], topicItem('T2'), later);
    const titles = orderedAgenda(withSecond, [...agenda, first, topicItem('T2')]).map((i) => i.standing ?? i.id);
    expect(titles).toEqual(['welcome', 'previous-notes', 'announcements', 'T1', 'T2', 'public-questions', 'future-items', 'any-other-business', 'next-meeting']);
    expect(withFirst.version).toBe(2);
    expect(withSecond.version).toBe(3);
    expect(withSecond.updatedAt).toBe(later.toISOString());
  });

  it('follows public questions where staff moved it', () => {
    const { meeting: m, agenda } = december();
    const pq = agenda.find((i) => i.standing === 'public-questions')!.id;
    const moved = reorderAgenda(m, [pq, ...m.agendaOrder.filter((id) => id !== pq)], later);
    expect(insertTopicItem(moved, agenda, topicItem('T1'), later).agendaOrder.slice(0, 2)).toEqual(['T1', pq]);
  });

  it('goes last when the agenda has no public questions item', () => {
    const agenda: AgendaItem[] = ['A', 'B'].map((id) => ({ id, meetingId: 'M1', kind: 'standing', standing: 'welcome', title: 'Welcome' }));
    expect(insertTopicItem(meeting({ agendaOrder: ['A', 'B'] }), agenda, topicItem('T1'), later).agendaOrder).toEqual(['A', 'B', 'T1']);
  });

  it('orderedAgenda follows agendaOrder and drops ids with no item', () => {
    const items = ['A', 'C', 'D'].map(topicItem);
    expect(orderedAgenda(meeting({ agendaOrder: ['D', 'B', 'A', 'C'] }), items).map((i) => i.id)).toEqual(['D', 'A', 'C']);
  });
});
