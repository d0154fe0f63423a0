import { describe, expect, it } from 'vitest';
import { describeReminder, dueReminders, reminderKey, scheduledReminders, type ReminderMeeting, type ReminderQuestion, type ReminderRequest } from '../../../shared/domain/reminders.js';

// The 7 December 2021 meeting, 14:00 London (GMT): papers due Mon 15 Nov, publication Mon 29 Nov.
const meeting: ReminderMeeting = {
  id: 'M1',
  start: '2021-12-07T14:00:00.000Z',
  status: 'planned',
  deadlines: { papersDue: '2021-11-15', agendaPublication: '2021-11-29', questionDeadline: '2021-11-30' },
};
const em = { name: 'Engagement Manager', email: 'em@example.org' };
const request = (over: Partial<ReminderRequest> = {}): ReminderRequest => ({
  id: 'R1',
  title: 'Road Safety',
  status: 'requested',
  dueDate: '2021-11-15',
  author: { name: 'CI Roads', email: 'ci@example.org' },
  sponsor: { name: 'ACC Ops', email: 'acc@example.org' },
  createdAt: '2021-10-18T09:00:00.000Z',
  ...over,
});
const all = (requests = [request()], acceptedQuestions: ReminderQuestion[] = [{ id: 'Q1', reference: 'COM-20211207-001', contact: { name: 'A Resident', email: 'resident@example.org' } }], m = meeting) =>
  scheduledReminders({ meeting: m, requests, acceptedQuestions, engagementManager: em });
const at = (iso: string, list = all()) => dueReminders(list, new Date(iso)).map((r) => `${r.kind} → ${r.to.email}${r.cc.length ? ` cc ${r.cc.map((c) => c.email).join(',')}` : ''}`);

describe('reminder windows across the 7 December 2021 cycle', () => {
  it('schedules each reminder at 08:00 London on its day', () => {
    const byKind = Object.fromEntries(all().map((r) => [`${r.kind}:${r.to.email}`, [r.dueAt, r.staleAt]]));
    // 7 days before Mon 15 Nov; stale when the next reminder (1 working day before: Fri 12 Nov) is due.
    expect(byKind['paper-due-week:ci@example.org']).toEqual(['2021-11-08T08:00:00.000Z', '2021-11-12T08:00:00.000Z']);
    expect(byKind['paper-due-day:ci@example.org']).toEqual(['2021-11-12T08:00:00.000Z', '2021-11-16T00:00:00.000Z']);
    // The working day after the due date: Tue 16 Nov, to author, sponsor and engagement manager.
    expect(byKind['paper-overdue:acc@example.org']).toEqual(['2021-11-16T08:00:00.000Z', meeting.start]);
    // 10 working days before Tue 7 Dec is Tue 23 Nov; 3 before is Thu 2 Dec; publication Mon 29 Nov.
    expect(byKind['digest-10-days:em@example.org']).toEqual(['2021-11-23T08:00:00.000Z', '2021-11-29T08:00:00.000Z']);
    expect(byKind['digest-publication:em@example.org']).toEqual(['2021-11-29T08:00:00.000Z', '2021-12-02T08:00:00.000Z']);
    expect(byKind['digest-3-days:em@example.org']).toEqual(['2021-12-02T08:00:00.000Z', meeting.start]);
    // 2 days before the meeting is Sunday 5 Dec: the Monday sweep still sends it (window to the meeting).
    expect(byKind['question-meeting:resident@example.org']).toEqual(['2021-12-05T08:00:00.000Z', meeting.start]);
  });

  it('says exactly what is due at each sweep', () => {
    expect(at('2021-11-08T07:00:00Z')).toEqual([]);
    expect(at('2021-11-08T08:00:00Z')).toEqual(['paper-due-week → ci@example.org cc acc@example.org']);
    expect(at('2021-11-12T08:00:00Z')).toEqual(['paper-due-day → ci@example.org cc acc@example.org']);
    expect(at('2021-11-16T08:00:00Z')).toEqual(['paper-overdue → ci@example.org', 'paper-overdue → acc@example.org', 'paper-overdue → em@example.org']);
    expect(at('2021-11-23T08:00:00Z')).toEqual(['paper-overdue → ci@example.org', 'paper-overdue → acc@example.org', 'paper-overdue → em@example.org', 'digest-10-days → em@example.org']);
    expect(at('2021-12-06T08:00:00Z', all([request({ status: 'submitted' })]))).toEqual(['digest-3-days → em@example.org', 'question-meeting → resident@example.org']);
    expect(at('2021-12-07T14:00:00Z')).toEqual([]);
  });

  it('stops paper reminders once the paper is in, and never sends a pre-deadline one after the deadline', () => {
    expect(at('2021-11-12T09:00:00Z', all([request({ status: 'submitted' })]))).toEqual([]);
    // The schedule was off from 11 to 15 November: the 16th does not send the "due tomorrow" reminder.
    expect(at('2021-11-16T09:00:00Z').filter((r) => r.startsWith('paper-due'))).toEqual([]);
    // A returned paper is awaited again.
    expect(at('2021-11-12T09:00:00Z', all([request({ status: 'returned' })]))).toEqual(['paper-due-day → ci@example.org cc acc@example.org']);
  });

  it('does not remind about a request made after the reminder fell due', () => {
    expect(at('2021-11-10T09:00:00Z', all([request({ createdAt: '2021-11-09T12:00:00.000Z' })]))).toEqual([]);
  });

  it('sends nothing for a cancelled or held meeting, and nothing to a question whose contact was deleted', () => {
    expect(all(undefined, undefined, { ...meeting, status: 'cancelled' })).toEqual([]);
    expect(all(undefined, undefined, { ...meeting, status: 'held' })).toEqual([]);
    expect(at('2021-12-06T08:00:00Z', all([], [{ id: 'Q1', reference: 'X' }]))).toEqual(['digest-3-days → em@example.org']);
  });

  it('tells each sponsor and author once when the pack is published', () => {
    const list = all(
      [request({ status: 'published' }), request({ id: 'R2', status: 'published', author: { name: 'Supt', email: 'supt@example.org' } }), request({ id: 'R3', status: 'withdrawn', author: { name: 'X', email: 'x@example.org' } })],
      [],
      { ...meeting, publishedAt: '2021-11-29T10:15:00.000Z' },
    );
    expect(at('2021-11-29T11:00:00Z', list).filter((r) => r.startsWith('pack-published'))).toEqual([
      'pack-published → acc@example.org',
      'pack-published → ci@example.org',
      'pack-published → supt@example.org',
    ]);
  });

  it('keys each reminder by kind, subject and recipient', () => {
    const keys = all().map(reminderKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain('paper-overdue#R1#em@example.org');
  });
});

describe('a reminder in words', () => {
  it('names its subject and the recipient’s part in it, for every reminder of a cycle', () => {
    const published = all([request(), request({ id: 'R2', title: 'Safeguarding', author: { name: 'DSupt', email: 'dsupt@example.org' } })], undefined, { ...meeting, publishedAt: '2021-11-29T10:00:00.000Z' });
    const subjects = { requests: [request(), request({ id: 'R2', title: 'Safeguarding', author: { name: 'DSupt', email: 'dsupt@example.org' } })], references: new Map([['Q1', 'COM-20211207-001']]), engagementManager: em };
    const words = new Set(published.map((r) => describeReminder(r, subjects)));
    expect([...words].sort()).toEqual([
      'Agenda pack published, to the author of Road Safety',
      'Agenda pack published, to the author of Safeguarding',
      'Agenda pack published, to the sponsor of Road Safety and the sponsor of Safeguarding',
      'Digest 10 working days before the meeting, to the engagement manager',
      'Digest 3 working days before the meeting, to the engagement manager',
      'Digest on the agenda publication date, to the engagement manager',
      'Meeting reminder: question COM-20211207-001, to the person who asked it',
      'Paper due in a week: Road Safety, to the author (copy to the sponsor)',
      'Paper due in a week: Safeguarding, to the author (copy to the sponsor)',
      'Paper due next working day: Road Safety, to the author (copy to the sponsor)',
      'Paper due next working day: Safeguarding, to the author (copy to the sponsor)',
      'Paper overdue: Road Safety, to the author',
      'Paper overdue: Road Safety, to the engagement manager',
      'Paper overdue: Road Safety, to the sponsor',
      'Paper overdue: Safeguarding, to the author',
      'Paper overdue: Safeguarding, to the engagement manager',
      'Paper overdue: Safeguarding, to the sponsor',
    ]);
  });

  it('still reads when its subject has gone (a withdrawn request, a deleted question)', () => {
    const subjects = { requests: [], references: new Map<string, string>(), engagementManager: em };
    expect(describeReminder({ kind: 'paper-overdue', subjectId: 'R9', to: { name: 'CI Roads', email: 'ci@example.org' }, cc: [] }, subjects)).toBe('Paper overdue: a paper no longer requested, to CI Roads');
    expect(describeReminder({ kind: 'question-meeting', subjectId: 'Q9', to: { name: 'A Resident', email: 'r@example.org' }, cc: [] }, subjects)).toBe('Meeting reminder: a question, to the person who asked it');
  });
});
