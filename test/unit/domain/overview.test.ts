import { describe, expect, it } from 'vitest';
import { inDays, meetingSummary, overview, paperState, shortDate, trackingTotals, type OverviewAction, type OverviewMeeting } from '../../../shared/domain/overview';
import { track } from '../../../shared/domain/requests';
import type { ReportRequest } from '../../../shared/schemas/entities';

// The 7 December 2021 meeting (14:00 GMT): papers due Mon 15 Nov, publication Mon 29 Nov, questions close Tue 30 Nov.
const december: OverviewMeeting = {
  id: 'DEC',
  title: 'Community Outcomes Meeting',
  start: '2021-12-07T14:00:00.000Z',
  status: 'planned',
  deadlines: { papersDue: '2021-11-15', agendaPublication: '2021-11-29', questionDeadline: '2021-11-30' },
};
const march: OverviewMeeting = {
  id: 'MAR',
  title: 'Community Outcomes Meeting',
  start: '2022-03-08T14:00:00.000Z',
  status: 'planned',
  deadlines: { papersDue: '2022-02-14', agendaPublication: '2022-02-28', questionDeadline: '2022-03-01' },
};

let n = 0;
function request(fields: Partial<ReportRequest> = {}): ReportRequest {
  n++;
  return {
    id: `R${n}`,
    meetingId: 'DEC',
    topicId: `T${n}`,
    agendaItemId: `I${n}`,
    title: `Topic ${n}`,
    points: [],
    sponsor: { name: 'ACC', email: 'acc@example.org' },
    author: { name: 'CI', email: 'ci@example.org' },
    dueDate: '2021-11-15',
    status: 'requested',
    linkHash: 'h',
    linkIssuedAt: '2021-10-01T09:00:00.000Z',
    version: 1,
    createdAt: '2021-10-01T09:00:00.000Z',
    updatedAt: '2021-10-01T09:00:00.000Z',
    ...fields,
  };
}
const at = (iso: string) => new Date(iso);

describe('paperState', () => {
  it.each([
    // [what, request, now, state, daysLeft]
    ['awaited, due in 14 days: nothing yet', { status: 'requested' }, '2021-11-01T09:00:00Z', undefined, 14],
    ['awaited, due in 7 days: due this week', { status: 'requested' }, '2021-11-08T09:00:00Z', 'due-soon', 7],
    ['awaited, due today: due this week', { status: 'requested' }, '2021-11-15T22:00:00Z', 'due-soon', 0],
    ['awaited, a minute past the due day: overdue', { status: 'requested' }, '2021-11-16T00:00:00Z', 'overdue', -1],
    ['returned and past due: overdue', { status: 'returned', submittedAt: '2021-11-10T09:00:00Z' }, '2021-11-20T09:00:00Z', 'overdue', -5],
    ['submitted on time: in, to decide', { status: 'submitted', submittedAt: '2021-11-15T17:00:00Z' }, '2021-11-20T09:00:00Z', 'waiting-decision', null],
    ['submitted late: in late, to decide', { status: 'submitted', submittedAt: '2021-11-16T08:00:00Z' }, '2021-11-20T09:00:00Z', 'late', null],
    ['accepted: nothing to do', { status: 'accepted', submittedAt: '2021-11-16T08:00:00Z' }, '2021-11-20T09:00:00Z', undefined, null],
    ['withdrawn: nothing to do', { status: 'withdrawn' }, '2021-11-20T09:00:00Z', undefined, null],
  ] as const)('%s', (_what, fields, now, state, daysLeft) => {
    const s = paperState(request(fields as Partial<ReportRequest>), at(now));
    expect(s?.state).toBe(state);
    if (state) expect(s?.daysLeft).toBe(daysLeft);
  });
});

describe('overview', () => {
  const r = {
    overdue: request({ title: 'Road Safety', dueDate: '2021-11-12' }),
    soon: request({ title: 'Safeguarding', dueDate: '2021-11-19' }),
    later: request({ title: 'Countering Terrorism', dueDate: '2021-12-01' }),
    late: request({ title: 'Serious Violent Crime', status: 'submitted', dueDate: '2021-11-12', submittedAt: '2021-11-13T10:00:00Z' }),
    inTime: request({ title: 'Exception report', status: 'submitted', dueDate: '2021-11-15', submittedAt: '2021-11-14T10:00:00Z' }),
    accepted: request({ title: 'Hate crime', status: 'accepted', submittedAt: '2021-11-01T10:00:00Z' }),
    marchOverdue: request({ meetingId: 'MAR', title: 'Drugs', dueDate: '2021-11-10' }),
  };
  const now = at('2021-11-16T09:00:00Z');
  const input = {
    meetings: [
      { meeting: march, requests: [r.marchOverdue], questionsToReview: 0 },
      { meeting: december, requests: [r.overdue, r.soon, r.later, r.late, r.inTime, r.accepted], questionsToReview: 2 },
    ],
    openActions: [] as OverviewAction[],
    now,
  };

  it('lists the papers needing attention, counted by state, sorted by due date by default', () => {
    const o = overview(input);
    expect(o.papers.map((p) => [p.request.title, p.state, p.daysLeft, p.awaitingPaper])).toEqual([
      ['Drugs', 'overdue', -6, true],
      ['Road Safety', 'overdue', -4, true],
      ['Serious Violent Crime', 'late', null, false],
      ['Exception report', 'waiting-decision', null, false],
      ['Safeguarding', 'due-soon', 3, true],
    ]);
    expect(o.counts).toEqual({ overdue: 2, late: 1, 'due-soon': 1, 'waiting-decision': 1 });
  });

  it.each([
    ['meeting', ['Road Safety', 'Serious Violent Crime', 'Exception report', 'Safeguarding', 'Drugs']],
    ['status', ['Drugs', 'Road Safety', 'Serious Violent Crime', 'Safeguarding', 'Exception report']],
  ] as const)('sorts by %s', (sort, titles) => {
    expect(overview({ ...input, sort }).papers.map((p) => p.request.title)).toEqual(titles);
  });

  it('shows only the overdue papers when asked, keeping the counts of all', () => {
    const o = overview({ ...input, overdueOnly: true });
    expect(o.papers.map((p) => p.request.title)).toEqual(['Drugs', 'Road Safety']);
    expect(o.counts.late).toBe(1);
  });

  it('lists questions to review per meeting with days to the question deadline', () => {
    expect(overview(input).questions.map((q) => [q.meeting.id, q.waiting, q.deadline, q.daysLeft])).toEqual([['DEC', 2, '2021-11-30', 14]]);
  });

  it('lists the next deadlines from today, with days left, leaving out those passed and a published agenda', () => {
    expect(overview(input).deadlines.map((d) => [d.meeting.id, d.kind, d.date, d.daysLeft])).toEqual([
      ['DEC', 'agenda-publication', '2021-11-29', 13],
      ['DEC', 'question-deadline', '2021-11-30', 14],
      ['MAR', 'papers-due', '2022-02-14', 90],
      ['MAR', 'agenda-publication', '2022-02-28', 104],
      ['MAR', 'question-deadline', '2022-03-01', 105],
    ]);
    const published = overview({ ...input, meetings: [{ meeting: { ...december, status: 'agenda-published', publishedAt: '2021-11-29T09:00:00Z' }, requests: [], questionsToReview: 0 }] });
    expect(published.deadlines.map((d) => d.kind)).toEqual(['question-deadline']);
  });

  it('leaves out cancelled meetings, and held meetings’ questions and deadlines', () => {
    const o = overview({ ...input, meetings: [{ meeting: { ...december, status: 'cancelled' }, requests: [r.overdue], questionsToReview: 3 }] });
    expect([o.papers.length, o.questions.length, o.deadlines.length]).toEqual([0, 0, 0]);
    const held = overview({ ...input, meetings: [{ meeting: { ...december, status: 'held' }, requests: [r.overdue], questionsToReview: 3 }] });
    expect([held.papers.length, held.questions.length, held.deadlines.length]).toEqual([1, 0, 0]);
  });

  const action = (fields: Partial<OverviewAction>): OverviewAction => ({
    id: `A${n++}`,
    meetingId: 'SEP',
    meetingStart: '2021-09-14T14:00:00.000Z',
    text: 'WYP to provide figures',
    owner: 'WYP',
    status: 'open',
    createdAt: '2021-09-14T16:00:00.000Z',
    ...fields,
  });
  it.each([
    ['no target date, raised at a past meeting: listed, days overdue unknown', {}, true, null],
    ['no target date, raised at a meeting still to come: not listed', { meetingStart: '2021-12-07T14:00:00.000Z' }, false, null],
    ['target date yesterday: 1 day overdue', { targetDate: '2021-11-15' }, true, 1],
    ['target date today: not yet', { targetDate: '2021-11-16' }, false, null],
    ['ongoing, target date a week ago: 7 days overdue', { status: 'ongoing', targetDate: '2021-11-09' }, true, 7],
    ['completed: never', { status: 'completed', targetDate: '2021-11-01' }, false, null],
  ] as const)('actions: %s', (_what, fields, listed, days) => {
    const rows = overview({ ...input, openActions: [action(fields as Partial<OverviewAction>)] }).actions;
    expect(rows.length).toBe(listed ? 1 : 0);
    if (listed) expect(rows[0]!.daysOverdue).toBe(days);
  });
});

describe('meetingSummary', () => {
  it.each([
    // The issue's own example: 1 of 4 papers in, 3 overdue, 2 questions, publication in 13 days.
    [
      'the issue’s example',
      [request({ dueDate: '2021-11-12' }), request({ dueDate: '2021-11-12' }), request({ dueDate: '2021-11-15' }), request({ status: 'submitted', submittedAt: '2021-11-10T09:00:00Z' })],
      2,
      '2021-11-16T09:00:00Z',
      '1 of 4 papers in · 3 overdue · 2 questions to review · agenda publication Monday 29 November 2021, in 13 days',
    ],
    ['withdrawn requests do not count', [request({ status: 'withdrawn' }), request({ status: 'accepted', submittedAt: '2021-11-10T09:00:00Z' })], 1, '2021-11-29T09:00:00Z', '1 of 1 paper in · 0 overdue · 1 question to review · agenda publication Monday 29 November 2021, today'],
    ['after publication day, no publication part', [], 0, '2021-11-30T09:00:00Z', '0 of 0 papers in · 0 overdue · 0 questions to review'],
  ] as const)('%s', (_what, requests, questions, now, text) => {
    expect(meetingSummary(december, requests.map((r) => ({ status: r.status, timeliness: track(r, at(now)).timeliness })), questions, at(now)).text).toBe(text);
  });
});

describe('trackingTotals', () => {
  it('counts the requests not withdrawn by timeliness, and names the withdrawn', () => {
    const now = at('2021-11-16T09:00:00Z');
    const rows = [
      request({ dueDate: '2021-11-12' }),
      request({ dueDate: '2021-11-19' }),
      request({ status: 'submitted', submittedAt: '2021-11-10T09:00:00Z' }),
      request({ status: 'accepted', submittedAt: '2021-11-16T08:00:00Z' }),
      request({ status: 'withdrawn' }),
    ].map((r) => ({ status: r.status, timeliness: track(r, now).timeliness }));
    expect(trackingTotals(rows)).toEqual({ requested: 4, text: '1 in on time, 1 in late, 1 overdue, 1 not yet due, 1 withdrawn' });
    expect(trackingTotals([])).toEqual({ requested: 0, text: '0 in on time, 0 in late, 0 overdue, 0 not yet due' });
  });
});

describe('words', () => {
  it.each([
    [0, 'today'],
    [1, 'tomorrow'],
    [13, 'in 13 days'],
    [-1, 'yesterday'],
    [-4, '4 days ago'],
  ])('inDays(%i) is %s', (days, text) => expect(inDays(days)).toBe(text));
  it.each([
    ['2021-11-15', '15 Nov 2021'],
    ['2021-12-07T14:00:00.000Z', '7 Dec 2021'],
    ['2021-06-30T23:30:00.000Z', '1 Jul 2021'],
  ])('shortDate(%s) is %s', (d, text) => expect(shortDate(d)).toBe(text));
});
