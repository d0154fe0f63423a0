import { describe, expect, it } from 'vitest';
import {
  addReminderLink,
  hashSecret,
  linkHashesOf,
  newLinkSecret,
  newRequest,
  reissueLink,
  secretMatches,
  submissionLink,
  topicAgendaItem,
  track,
  withdrawRequest,
  type RequestInput,
} from '../../../shared/domain/requests';
import { ConflictError } from '../../../shared/domain/errors';
import { fieldsOf } from '../../support/domain';
import type { Deadlines, Meeting, ReportRequest, Topic } from '../../../shared/schemas/entities';

// The 7 December 2021 meeting (14:00 GMT): papers due Mon 15 Nov.
const meeting = { id: 'DEC', start: '2021-12-07T14:00:00.000Z', status: 'planned' } as Meeting;
const deadlines: Deadlines = { papersDue: '2021-11-15', agendaPublication: '2021-11-29', questionDeadline: '2021-11-30' };
const topic = { id: 'T1', title: 'Road Safety', points: ['Update on Vision Zero', 'Update on Op Snap'], status: 'open' } as Topic;
const input: RequestInput = {
  sponsor: { name: 'ACC Roads Policing', email: 'acc@example.org' },
  author: { name: 'Chief Inspector Roads', email: 'ci@example.org' },
};
const now = new Date('2021-10-18T09:00:00.000Z');
const later = new Date('2021-10-25T09:00:00.000Z');

const make = (over: Partial<Parameters<typeof newRequest>[0]> = {}) =>
  newRequest({ meeting, topic, agendaItemId: 'ITEM1', existing: [], input, deadlines, now, ...over });
const request = (fields: Partial<ReportRequest> = {}): ReportRequest => ({ ...make().request, ...fields });

describe('link secrets', () => {
  it('are 256 random bits, URL-safe, stored only as a SHA-256 hash', () => {
    const { secret, hash } = newLinkSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(hashSecret(secret));
    expect(hash).not.toContain(secret);
    expect(newLinkSecret().secret).not.toBe(secret);
  });

  it.each([
    ['its own hash', (s: string, h: string) => [s, h], true],
    ['another secret', (_s: string, h: string) => [newLinkSecret().secret, h], false],
    ['a hash cut short', (s: string, h: string) => [s, h.slice(0, 32)], false],
    ['a hash that is not hex', (s: string) => [s, 'not-a-hash'], false],
    ['an empty hash', (s: string) => [s, ''], false],
  ] as const)('secretMatches against %s: %s', (_, pick, matches) => {
    const { secret, hash } = newLinkSecret();
    const [s, h] = pick(secret, hash);
    expect(secretMatches(s!, h!)).toBe(matches);
  });

  it('submissionLink puts the request id and the secret under /papers', () => {
    expect(submissionLink('https://com.example.org', 'R1', 'abc_-')).toBe('https://com.example.org/papers/R1/abc_-');
  });
});

describe('newRequest', () => {
  it("asks for a paper on the topic, due on the meeting's papers-due date by default", () => {
    const { request: r, secret } = make();
    expect(r).toMatchObject({
      meetingId: 'DEC',
      topicId: 'T1',
      agendaItemId: 'ITEM1',
      title: 'Road Safety',
      points: topic.points,
      sponsor: input.sponsor,
      author: input.author,
      dueDate: '2021-11-15',
      status: 'requested',
      linkIssuedAt: now.toISOString(),
      version: 1,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    });
    expect(secretMatches(secret, r.linkHash)).toBe(true);
    expect(JSON.stringify(r)).not.toContain(secret);
  });

  it('takes its own points and due date over the defaults', () => {
    const { request: r } = make({ input: { ...input, points: ['Impact of ANPR'], dueDate: '2021-11-22' } });
    expect(r.points).toEqual(['Impact of ANPR']);
    expect(r.dueDate).toBe('2021-11-22');
  });

  it('refuses a second active request for the topic, but not after a withdrawal or for another topic', () => {
    const first = make().request;
    expect(() => make({ existing: [first] })).toThrow(ConflictError);
    expect(() => make({ existing: [first] })).toThrow('"Road Safety" has already been requested');
    for (const status of ['submitted', 'returned', 'accepted', 'published'] as const) {
      expect(() => make({ existing: [{ ...first, status }] }), status).toThrow(ConflictError);
    }
    expect(make({ existing: [{ ...first, status: 'withdrawn' }] }).request.topicId).toBe('T1');
    expect(make({ existing: [{ ...first, topicId: 'T2' }] }).request.topicId).toBe('T1');
  });

  it.each([
    ['on the meeting day', '2021-12-07', ['dueDate']],
    ['after the meeting', '2021-12-08', ['dueDate']],
    ['the day before the meeting', '2021-12-06', []],
    ['in the past', '2021-10-17', ['dueDate']],
    ['today', '2021-10-18', []],
  ])('a due date %s (%s)', (_, dueDate, fields) => {
    const attempt = () => make({ input: { ...input, dueDate } });
    if (fields.length) expect(fieldsOf(attempt)).toEqual(fields);
    else expect(attempt().request.dueDate).toBe(dueDate);
  });

  it('names the meeting day when the due date is too late', () => {
    expect(() => make({ input: { ...input, dueDate: '2021-12-07' } })).toThrow('before the meeting on Tuesday 7 December 2021');
  });

  it('counts today and the meeting day in London, not UTC', () => {
    // 23:30 UTC on 9 June 2022 is 00:30 BST on 10 June: 9 June is already past.
    const bstNow = new Date('2022-06-09T23:30:00.000Z');
    const june = { ...meeting, start: '2022-06-21T13:00:00.000Z' };
    expect(fieldsOf(() => make({ meeting: june, now: bstNow, input: { ...input, dueDate: '2022-06-09' } }))).toEqual(['dueDate']);
    expect(make({ meeting: june, now: bstNow, input: { ...input, dueDate: '2022-06-10' } }).request.dueDate).toBe('2022-06-10');
    // A meeting at 00:30 BST on 29 March 2022 starts on 28 March in UTC; a paper due on 28 March is before it.
    const early = { ...meeting, start: '2022-03-28T23:30:00.000Z' };
    const march = new Date('2022-03-01T09:00:00.000Z');
    expect(make({ meeting: early, now: march, input: { ...input, dueDate: '2022-03-28' } }).request.dueDate).toBe('2022-03-28');
    expect(fieldsOf(() => make({ meeting: early, now: march, input: { ...input, dueDate: '2022-03-29' } }))).toEqual(['dueDate']);
  });
});

describe('topicAgendaItem', () => {
  it('is a topic item titled after the topic', () => {
    const item = topicAgendaItem('DEC', topic);
    expect(item).toEqual({ id: item.id, meetingId: 'DEC', kind: 'topic', title: 'Road Safety', topicId: 'T1' });
    expect(item.id).toMatch(/^[0-9A-Z]{26}$/);
  });
});

describe('reminder links and reissued links', () => {
  it('a reminder link works beside the first link', () => {
    const r = request();
    const { request: next, secret } = addReminderLink(r, later);
    expect(next.linkHash).toBe(r.linkHash);
    expect(next.reminderLinkHashes).toEqual([hashSecret(secret)]);
    expect(linkHashesOf(next)).toEqual([r.linkHash, hashSecret(secret)]);
    expect(next.version).toBe(r.version + 1);
    expect(next.updatedAt).toBe(later.toISOString());
  });

  it('keeps at most the ten newest reminder links', () => {
    let r = request();
    const secrets: string[] = [];
    for (let i = 0; i < 12; i++) {
      const out = addReminderLink(r, later);
      r = out.request;
      secrets.push(out.secret);
    }
    expect(r.reminderLinkHashes).toHaveLength(10);
    expect(r.reminderLinkHashes).toEqual(secrets.slice(2).map(hashSecret));
    expect(linkHashesOf(r)).toHaveLength(11);
  });

  it('reissueLink replaces the first link and revokes every reminder link', () => {
    const withReminders = addReminderLink(addReminderLink(request(), later).request, later).request;
    const { request: next, secret } = reissueLink(withReminders, later);
    expect(next.linkHash).toBe(hashSecret(secret));
    expect(next.linkHash).not.toBe(withReminders.linkHash);
    expect(next).not.toHaveProperty('reminderLinkHashes');
    expect(linkHashesOf(next)).toEqual([hashSecret(secret)]);
    expect(next.linkIssuedAt).toBe(later.toISOString());
    expect(next.version).toBe(withReminders.version + 1);
  });

  it('reissueLink refuses a withdrawn request', () => {
    expect(() => reissueLink(request({ status: 'withdrawn' }), later)).toThrow(ConflictError);
  });
});

describe('withdrawRequest', () => {
  it.each(['requested', 'submitted', 'returned', 'accepted'] as const)('withdraws a %s request', (status) => {
    expect(withdrawRequest(request({ status, version: 4 }), later)).toMatchObject({ status: 'withdrawn', version: 5, updatedAt: later.toISOString() });
  });

  it('leaves a withdrawn request as it is and refuses a published one', () => {
    const withdrawn = request({ status: 'withdrawn' });
    expect(withdrawRequest(withdrawn, later)).toBe(withdrawn);
    expect(() => withdrawRequest(request({ status: 'published' }), later)).toThrow(ConflictError);
  });
});

describe('track', () => {
  // Due Friday 10 June 2022, in British Summer Time: the day ends at 22:59:59.999 UTC.
  const june = (fields: Partial<ReportRequest> = {}) => request({ dueDate: '2022-06-10', ...fields });
  const cases: [string, Partial<ReportRequest>, string, ReturnType<typeof track>['timeliness'], number | null][] = [
    ['awaited, a week ahead', {}, '2022-06-03T09:00:00.000Z', 'due', 7],
    ['awaited, 23:30 BST the day before', {}, '2022-06-09T22:30:00.000Z', 'due', 1],
    ['awaited, 00:30 BST on the day (still 9 June in UTC)', {}, '2022-06-09T23:30:00.000Z', 'due', 0],
    ['awaited, 23:59 BST on the day', {}, '2022-06-10T22:59:00.000Z', 'due', 0],
    ['awaited, 00:30 BST the day after (still 10 June in UTC)', {}, '2022-06-10T23:30:00.000Z', 'overdue', -1],
    ['awaited, three days after', {}, '2022-06-13T09:00:00.000Z', 'overdue', -3],
    ['submitted at 23:30 BST on the day', { status: 'submitted', submittedAt: '2022-06-10T22:30:00.000Z' }, '2022-06-20T09:00:00.000Z', 'on time', null],
    ['submitted at 00:30 BST the day after', { status: 'submitted', submittedAt: '2022-06-10T23:30:00.000Z' }, '2022-06-20T09:00:00.000Z', 'late', null],
    ['accepted after a late submission', { status: 'accepted', submittedAt: '2022-06-13T09:00:00.000Z' }, '2022-06-20T09:00:00.000Z', 'late', null],
    ['published after an early submission', { status: 'published', submittedAt: '2022-06-01T09:00:00.000Z' }, '2022-06-20T09:00:00.000Z', 'on time', null],
    ['returned for changes before the due date', { status: 'returned', submittedAt: '2022-06-01T09:00:00.000Z' }, '2022-06-08T09:00:00.000Z', 'due', 2],
    ['returned for changes and not resubmitted by the due date', { status: 'returned', submittedAt: '2022-06-01T09:00:00.000Z' }, '2022-06-11T09:00:00.000Z', 'overdue', -1],
    ['withdrawn', { status: 'withdrawn' }, '2022-06-20T09:00:00.000Z', 'withdrawn', null],
    ['withdrawn after submission', { status: 'withdrawn', submittedAt: '2022-06-01T09:00:00.000Z' }, '2022-06-20T09:00:00.000Z', 'withdrawn', null],
  ];

  it.each(cases)('%s', (_, fields, at, timeliness, daysLeft) => {
    const r = june(fields);
    expect(track(r, new Date(at))).toEqual({ request: r, timeliness, daysLeft });
  });

  it('ends a GMT due date at midnight UTC', () => {
    // Due Monday 15 November 2021 (GMT): on time up to 23:59:59.999 UTC.
    expect(track(request({ status: 'submitted', submittedAt: '2021-11-15T23:59:59.999Z' }), later).timeliness).toBe('on time');
    expect(track(request({ status: 'submitted', submittedAt: '2021-11-16T00:00:00.000Z' }), later).timeliness).toBe('late');
    expect(track(request(), new Date('2021-11-15T23:30:00.000Z'))).toMatchObject({ timeliness: 'due', daysLeft: 0 });
    expect(track(request(), new Date('2021-11-16T00:30:00.000Z'))).toMatchObject({ timeliness: 'overdue', daysLeft: -1 });
  });

  it('counts days over the clock change as calendar days', () => {
    // Due Tuesday 29 March 2022; the clocks went forward on Sunday 27 March.
    const r = request({ dueDate: '2022-03-29' });
    expect(track(r, new Date('2022-03-26T12:00:00.000Z')).daysLeft).toBe(3);
    expect(track(r, new Date('2022-03-28T23:30:00.000Z'))).toMatchObject({ timeliness: 'due', daysLeft: 0 });
  });
});
