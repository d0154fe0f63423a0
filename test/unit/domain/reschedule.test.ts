/** What moving a meeting does to its requests' due dates (issue 12 §3), and when a meeting counts as held. */
import { describe, expect, it } from 'vitest';
import type { ReportRequest } from '../../../shared/schemas/entities.js';
import {
  MAX_TRANSACTION_ITEMS,
  changedDueDates,
  movesByDefault,
  planDueDates,
  proposedDueDate,
  transactionTooBig,
} from '../../../shared/domain/reschedule.js';
import { asOf, statusAt } from '../../../shared/domain/meetings.js';

const request = (id: string, fields: Partial<ReportRequest> = {}): ReportRequest => ({
  id,
  meetingId: 'M',
  topicId: `T${id}`,
  agendaItemId: `A${id}`,
  title: `Paper ${id}`,
  points: [],
  sponsor: { name: 'ACC Sponsor', email: 'sponsor@example.org' },
  author: { name: 'Supt Author', email: 'author@example.org' },
  dueDate: '2027-05-14',
  status: 'requested',
  linkHash: 'h',
  linkIssuedAt: '2027-01-01T09:00:00.000Z',
  version: 1,
  createdAt: '2027-01-01T09:00:00.000Z',
  updatedAt: '2027-01-01T09:00:00.000Z',
  ...fields,
});

// The case the issue found: a meeting moved from Tuesday 8 June to Saturday 1 May 2027 kept a request due 14 May.
const moveToMay = { meetingDay: '2027-05-01', papersDue: '2027-04-08', today: '2027-01-04' };

describe('which requests move when a meeting moves', () => {
  it('moves a request still awaited to the new papers-due date by default', () => {
    const { moves, issues } = planDueDates({ requests: [request('a')], ...moveToMay });
    expect(issues).toEqual([]);
    expect(moves).toMatchObject([{ from: '2027-05-14', to: '2027-04-08', choice: 'move', proposed: '2027-04-08', awaiting: true }]);
  });

  it.each([
    ['requested', '2027-05-14', true],
    ['returned', '2027-04-01', true],
    ['submitted', '2027-04-01', false],
    ['accepted', '2027-04-01', false],
    ['published', '2027-04-01', false],
    // A paper in whose date would be on or after the new meeting day moves after all.
    ['submitted', '2027-05-14', true],
    ['accepted', '2027-05-01', true],
  ] as const)('a %s request due %s moves by default: %s', (status, dueDate, moves) => {
    expect(movesByDefault(request('a', { status, dueDate }), moveToMay.meetingDay)).toBe(moves);
  });

  it('leaves withdrawn requests out (nobody is told about them)', () => {
    const { moves } = planDueDates({ requests: [request('a', { status: 'withdrawn' }), request('b')], ...moveToMay });
    expect(moves.map((m) => m.request.id)).toEqual(['b']);
  });

  it('keeps or sets a date when staff choose, and reports only what changes', () => {
    const requests = [request('a'), request('b', { dueDate: '2027-04-20' }), request('c', { dueDate: '2027-04-20' })];
    const { moves, issues } = planDueDates({ requests, ...moveToMay, choices: { b: 'keep', c: { date: '2027-04-15' } } });
    expect(issues).toEqual([]);
    expect(moves.map((m) => [m.request.id, m.to, m.choice])).toEqual([
      ['a', '2027-04-08', 'move'],
      ['b', '2027-04-20', 'keep'],
      ['c', '2027-04-15', 'set'],
    ]);
    expect(changedDueDates(moves).map((m) => m.request.id)).toEqual(['a', 'c']);
  });

  it('proposes today when the new papers-due date has passed but the meeting is still ahead', () => {
    expect(proposedDueDate('2027-04-08', '2027-05-01', '2027-04-20')).toBe('2027-04-20');
    expect(proposedDueDate('2027-04-08', '2027-05-01', '2027-04-01')).toBe('2027-04-08');
  });
});

describe('which due dates are refused', () => {
  const issuesFor = (choice: Parameters<typeof planDueDates>[0]['choices'], requests = [request('a')]) =>
    planDueDates({ requests, ...moveToMay, choices: choice }).issues.map((i) => [i.field, i.message]);

  it('refuses keeping a date that is no longer before the meeting', () => {
    expect(issuesFor({ a: 'keep' })).toEqual([
      ['dueDates.a', '“Paper a” is due Friday 14 May 2027, which is not before the meeting on Saturday 1 May 2027: move it or set another date'],
    ]);
  });

  it.each([
    ['the meeting day itself', '2027-05-01', 'The due date of “Paper a” must be before the meeting on Saturday 1 May 2027'],
    ['after the meeting', '2027-05-20', 'The due date of “Paper a” must be before the meeting on Saturday 1 May 2027'],
    ['a date already past', '2027-01-01', 'The due date of “Paper a” must be today or later'],
    ['not a date', '2027-02-30', 'Enter the due date of “Paper a” as a real date'],
  ])('refuses setting %s', (_what, date, message) => {
    expect(issuesFor({ a: { date } })).toEqual([['dueDates.a', message]]);
  });

  it('accepts setting the day before the meeting, and keeping a past date that is still before it', () => {
    expect(issuesFor({ a: { date: '2027-04-30' } })).toEqual([]);
    expect(issuesFor({ a: 'keep' }, [request('a', { dueDate: '2027-01-02', status: 'requested' })])).toEqual([]);
  });

  it('moves to the papers-due date even when it has passed if no day is left before the meeting (the paper then shows overdue)', () => {
    const { moves, issues } = planDueDates({ requests: [request('a')], meetingDay: '2027-01-04', papersDue: '2026-12-01', today: '2027-01-04' });
    expect(issues).toEqual([]);
    expect(moves[0]).toMatchObject({ to: '2026-12-01', choice: 'move' });
  });

  it('refuses a move that needs more than one transaction', () => {
    expect(transactionTooBig(MAX_TRANSACTION_ITEMS)).toBeUndefined();
    expect(transactionTooBig(MAX_TRANSACTION_ITEMS + 1)?.message).toMatch(/101 records .* more than the 100/);
  });
});

describe('a meeting counts as held once it has ended', () => {
  const meeting = { start: '2021-12-07T14:00:00.000Z', status: 'planned' as const };
  it.each([
    ['2021-12-07T16:59:59.999Z', 'planned'],
    ['2021-12-07T17:00:00.000Z', 'held'],
    ['2022-01-01T00:00:00.000Z', 'held'],
  ])('at %s a 3-hour meeting from 14:00 UTC is %s', (at, status) => {
    expect(statusAt(meeting, new Date(at), 3)).toBe(status);
  });

  it('the length is a setting', () => {
    expect(statusAt(meeting, new Date('2021-12-07T15:00:00Z'), 1)).toBe('held');
    expect(statusAt(meeting, new Date('2021-12-07T15:00:00Z'), 2)).toBe('planned');
  });

  it('a published meeting counts as held too; cancelled and held stay as they are', () => {
    const later = new Date('2022-01-01T00:00:00Z');
    expect(statusAt({ ...meeting, status: 'agenda-published' }, later, 3)).toBe('held');
    expect(statusAt({ ...meeting, status: 'cancelled' }, later, 3)).toBe('cancelled');
    expect(asOf({ ...meeting, status: 'cancelled' }, later, 3).status).toBe('cancelled');
    const before = { ...meeting };
    expect(asOf(before, new Date('2021-12-01T00:00:00Z'), 3)).toBe(before);
  });
});
