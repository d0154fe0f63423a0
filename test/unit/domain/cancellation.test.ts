import { describe, expect, it } from 'vitest';
import { cancelMeeting, chunks, closedQuestion, movedQuestion, openQuestions, redirectTarget, requestsToWithdraw } from '../../../shared/domain/cancellation.js';
import { ConflictError } from '../../../shared/domain/errors.js';
import { deadlinesOf } from '../../../shared/domain/meetings.js';
import type { Meeting, ReportRequest } from '../../../shared/schemas/entities.js';
import type { Contact, Question } from '../../../shared/schemas/questions.js';
import { fieldsOf } from '../../support/domain.js';

const settings = { publicationClearWorkingDays: 5, papersDueWorkingDaysBeforePublication: 10, questionDeadlineDaysBefore: 7 };
const now = new Date('2021-11-01T09:00:00Z');

const meeting = (id: string, start: string, fields: Partial<Meeting> = {}): Meeting => ({
  id,
  title: 'Community Outcomes Meeting',
  start,
  startLocal: start.slice(0, 16),
  place: 'Wellington House, Wakefield',
  status: 'planned',
  agendaOrder: [],
  version: 3,
  createdAt: '2021-09-15T09:00:00.000Z',
  updatedAt: '2021-09-15T09:00:00.000Z',
  ...fields,
});
const withDeadlines = (m: Meeting) => ({ ...m, deadlines: deadlinesOf(m, settings) });

const december = meeting('DEC', '2021-12-07T14:00:00.000Z');
const input = { version: 3, reason: 'The commissioner is unwell.', questions: 'close' as const };

const question = (id: string, fields: Partial<Question> = {}): Question => ({
  id,
  meetingId: 'DEC',
  reference: `COM-20211207-${id}`,
  number: Number(id),
  text: 'Will average speed cameras go on the A62?',
  district: 'Kirklees',
  publishName: false,
  status: 'submitted',
  forgetHash: 'hash',
  submittedAt: '2021-11-01T08:00:00.000Z',
  version: 1,
  updatedAt: '2021-11-01T08:00:00.000Z',
  ...fields,
});

describe('cancelling a meeting', () => {
  it('records the reason, when, and what becomes of the questions, as a new version', () => {
    expect(cancelMeeting(december, input, undefined, now)).toMatchObject({
      status: 'cancelled',
      cancelledReason: 'The commissioner is unwell.',
      cancelledAt: now.toISOString(),
      cancelledQuestions: 'close',
      version: 4,
      updatedAt: now.toISOString(),
    });
    const redirected = cancelMeeting(december, { ...input, questions: 'redirect' }, { id: 'MAR' }, now);
    expect(redirected).toMatchObject({ cancelledQuestions: 'redirect', questionsMovedTo: 'MAR' });
    expect(cancelMeeting(december, input, { id: 'MAR' }, now).questionsMovedTo).toBeUndefined();
  });

  it('refuses a stale version, a held or cancelled meeting (409), and a redirect with nowhere to go (400 on the choice)', () => {
    expect(() => cancelMeeting(december, { ...input, version: 2 }, undefined, now)).toThrow(ConflictError);
    expect(() => cancelMeeting({ ...december, status: 'held' }, input, undefined, now)).toThrow(/has been held/);
    expect(() => cancelMeeting({ ...december, status: 'cancelled' }, input, undefined, now)).toThrow(/already cancelled/);
    expect(fieldsOf(() => cancelMeeting(december, { ...input, questions: 'redirect' }, undefined, now))).toEqual(['questions']);
  });
});

describe('where the questions go', () => {
  const march = withDeadlines(meeting('MAR', '2022-03-15T14:00:00.000Z'));
  const june = withDeadlines(meeting('JUN', '2022-06-14T13:00:00.000Z'));
  const september = withDeadlines(meeting('SEP', '2021-09-14T14:00:00.000Z'));

  it.each([
    ['the first later meeting taking questions', [june, march, september], now, 'MAR'],
    ['not a cancelled one', [{ ...march, status: 'cancelled' as const }, june], now, 'JUN'],
    ['not one whose questions have closed', [march, june], new Date('2022-03-09T09:00:00Z'), 'JUN'],
    ['none when no later meeting is open', [september], now, undefined],
  ])('%s', (_what, candidates, at, expected) => {
    expect(redirectTarget(december, candidates, at)?.id).toBe(expected);
  });
});

describe('what a cancellation touches', () => {
  const request = (status: ReportRequest['status']) => ({ status }) as ReportRequest;

  it('withdraws every request but those withdrawn or published', () => {
    const all = (['requested', 'submitted', 'returned', 'accepted', 'published', 'withdrawn'] as const).map(request);
    expect(requestsToWithdraw(all).map((r) => r.status)).toEqual(['requested', 'submitted', 'returned', 'accepted']);
  });

  it('takes open questions only: waiting, or accepted and not answered (a member is answered when its lead is)', () => {
    const answer = { mode: 'writing' as const, text: 'Yes', at: '2021-11-20T09:00:00.000Z', by: 'office' };
    const list = [
      question('1'),
      question('2', { status: 'accepted' }),
      question('3', { status: 'accepted', answer }),
      question('4', { status: 'rejected' }),
      question('5', { status: 'redirected' }),
      question('6', { status: 'closed' }),
      question('7', { status: 'accepted', groupId: '7', memberIds: ['8'], answer }),
      question('8', { status: 'accepted', groupId: '7' }),
      question('9', { status: 'accepted', groupId: '9', memberIds: ['10'] }),
      question('10', { status: 'accepted', groupId: '9' }),
    ];
    expect(openQuestions(list).map((q) => q.id)).toEqual(['1', '2', '9', '10']);
  });
});

describe('a question moved or closed', () => {
  const contact: Contact = { questionId: '2', meetingId: 'DEC', name: 'Jane Example', email: 'jane@example.org', expiresOn: '2022-12-07T14:00:00.000Z', expiresAt: 1670421600 };

  it('moves with its id, reference, text and link, waiting for review at the new meeting; its contact moves and is kept for the new meeting', () => {
    const q = question('2', { status: 'accepted', review: { outcome: 'accept', at: 'x', by: 'y' }, agendaItemId: 'A', groupId: '2', memberIds: ['3'] });
    const moved = movedQuestion(q, contact, { id: 'MAR', start: '2022-03-15T14:00:00.000Z' }, 12, now);
    expect(moved.question).toEqual({
      ...question('2'),
      meetingId: 'MAR',
      status: 'submitted',
      movedFrom: { meetingId: 'DEC', at: now.toISOString() },
      version: 2,
      updatedAt: now.toISOString(),
    });
    expect(moved.contact).toEqual({ ...contact, meetingId: 'MAR', expiresOn: '2023-03-15T14:00:00.000Z', expiresAt: Date.parse('2023-03-15T14:00:00.000Z') / 1000 });
    expect(movedQuestion(q, undefined, { id: 'MAR', start: '2022-03-15T14:00:00.000Z' }, 12, now).contact).toBeUndefined();
  });

  it('is closed as a new version', () => {
    expect(closedQuestion(question('1'), now)).toMatchObject({ status: 'closed', closedAt: now.toISOString(), version: 2 });
  });
});

describe('transactions of at most so many items', () => {
  it.each([
    [[5, 5, 5], 10, [[5, 5], [5]]],
    [[3, 3, 3, 3], 6, [[3, 3], [3, 3]]],
    [Array(45).fill(5), 100, [Array(20).fill(5), Array(20).fill(5), Array(5).fill(5)]],
    [Array(40).fill(5), 99, [Array(19).fill(5), Array(19).fill(5), Array(2).fill(5)]],
    [[], 100, []],
  ])('%j in %i', (sizes, max, expected) => {
    expect(chunks(sizes as number[], (n) => n, max as number)).toEqual(expected);
  });

  it('refuses an entry that cannot fit any transaction', () => {
    expect(() => chunks([101], (n) => n, 100)).toThrow(/101 items/);
  });
});
