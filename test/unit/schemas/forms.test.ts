/**
 * The page routes' form schemas: every POST page route has one, and each reads the url-encoded
 * fields into the API input it stands for, with the messages a person can act on.
 */
import { describe, expect, it } from 'vitest';
import { routeList } from '../../../shared/routes.js';
import * as f from '../../../shared/schemas/forms.js';
import { zodIssues } from '../../../shared/views/forms.js';

const issues = (schema: { safeParse: (v: unknown) => { success: boolean; error?: unknown } }, form: f.FormFields) => {
  const result = schema.safeParse(form);
  return result.success ? [] : zodIssues(result.error as Parameters<typeof zodIssues>[0]);
};
const MEETING = '01HZX3V9Q8M4N2P6R7S5T0W1YA';

describe('form schemas', () => {
  it('every page route that takes a post has one', () => {
    const posts = routeList.filter((r) => r.kind === 'page' && r.method === 'POST');
    expect(posts.length).toBeGreaterThan(10);
    expect(posts.filter((r) => !r.form).map((r) => r.name)).toEqual([]);
  });

  it('reads a meeting’s date boxes and typed time as one London start', () => {
    const form = { title: 'Community Outcomes Meeting', place: 'Wakefield', 'date-day': '7', 'date-month': 'Dec', 'date-year': '2021', time: '2pm' };
    // The confirm step's answers (issue 12 §3) ride along: none yet on a first post.
    expect(f.MeetingForm.parse(form)).toEqual({ title: 'Community Outcomes Meeting', place: 'Wakefield', start: '2021-12-07T14:00', step: 'form', confirmed: false });
    expect(issues(f.MeetingForm, { ...form, 'date-month': '', time: '25:00' })).toEqual([
      { field: 'date', message: 'Date must include a month' },
      { field: 'time', message: 'Enter the start time in the 24-hour clock, like 14:00' },
    ]);
  });

  it('reads a request’s points one per line, leaving them to the topic when none are typed', () => {
    const form = {
      topicId: MEETING, points: ' Demand \r\n\r\nOutcomes ', 'sponsor-name': 'ACC Hankinson', 'sponsor-email': 'acc@example.org',
      'author-name': 'Supt Davison', 'author-email': 'supt@example.org', 'dueDate-day': '16', 'dueDate-month': '11', 'dueDate-year': '2021',
    };
    expect(f.RequestForm.parse(form)).toMatchObject({ points: ['Demand', 'Outcomes'], dueDate: '2021-11-16', sponsor: { name: 'ACC Hankinson' } });
    expect(f.RequestForm.parse({ ...form, points: '\n' }).points).toBeUndefined();
    expect(issues(f.RequestForm, { ...form, topicId: '', 'dueDate-day': '31', 'dueDate-month': '2' })).toEqual([
      { field: 'topicId', message: 'Select the topic of the paper' },
      { field: 'dueDate', message: 'Due date must be a real date' },
    ]);
  });

  it('asks for the meeting only when a topic came from its future agenda items', () => {
    expect(f.TopicForm.parse({ title: 'Road safety', points: 'Speeding' })).toEqual({ title: 'Road safety', points: ['Speeding'], source: { kind: 'staff' } });
    expect(issues(f.TopicForm, { title: 'Road safety', source: 'future-items' })).toEqual([
      { field: 'source.meetingId', message: 'Select the meeting whose future agenda items included this topic' },
    ]);
    // The API's third source (an action) is not offered by the form.
    expect(issues(f.TopicForm, { title: 'Road safety', source: 'action' })).toEqual([{ field: 'source.kind', message: 'Select where the topic came from' }]);
  });

  it('needs comments only to return a paper', () => {
    expect(f.PaperDecisionForm.parse({ decision: 'accept', version: '3' })).toEqual({ decision: 'accept', comments: '', version: 3 });
    expect(issues(f.PaperDecisionForm, { decision: 'return', comments: '  ' })).toEqual([{ field: 'comments', message: 'Enter the comments for the author' }]);
    expect(issues(f.PaperDecisionForm, { decision: 'shred' })).toEqual([{ field: 'decision', message: 'Choose what to do with the paper' }]);
  });

  it('reads only the chosen review outcome’s fields', () => {
    const form = { version: '2', outcome: 'redirect', redirectNote: 'Ask Wakefield council', rejectNote: 'ignored', leadId: MEETING };
    expect(f.ReviewForm.parse(form)).toEqual({ version: 2, outcome: 'redirect', note: 'Ask Wakefield council' });
  });

  it('reads the meeting edit form: version, https livestream, step, warnings’ answers and each request’s due-date choice (issue 12 §3)', () => {
    const REQUEST = '01FH5CT5GRN91M19A85XCVY6YT';
    const form = {
      version: '4', title: 'Community Outcomes Meeting', place: 'Wakefield', 'date-day': '30', 'date-month': '10', 'date-year': '2022', time: '01:30',
      livestreamUrl: 'https://example.org/live', step: 'save', confirmWarnings: 'yes', startChoice: '2022-10-30T01:30:00.000Z',
      [`due-${REQUEST}`]: 'set', [`due-${REQUEST}-date-day`]: '1', [`due-${REQUEST}-date-month`]: '10', [`due-${REQUEST}-date-year`]: '2022',
    };
    expect(f.MeetingEditForm.parse(form)).toEqual({
      version: 4, title: 'Community Outcomes Meeting', place: 'Wakefield', livestreamUrl: 'https://example.org/live', startLocal: '2022-10-30T01:30',
      step: 'save', confirmed: true, startChoice: '2022-10-30T01:30:00.000Z',
      dueDates: { [REQUEST]: { choice: 'set', date: { day: '1', month: '10', year: '2022' } } },
    });
    expect(issues(f.MeetingEditForm, { ...form, livestreamUrl: 'http://example.org/live', version: '' })).toEqual([
      { field: 'livestreamUrl', message: 'Enter the livestream link as a full web address starting with https://' },
      { field: 'version', message: 'The form is out of date. Reload the page and try again.' },
    ]);
    expect(f.MeetingEditForm.parse({ ...form, step: 'anything' }).step).toBe('check');
  });

  it('asks for both sign-in fields', () => {
    expect(issues(f.SignInForm, { email: '  ' })).toEqual([
      { field: 'email', message: 'Enter your email address' },
      { field: 'password', message: 'Enter your password' },
    ]);
  });

  it('reads the reminder switches’ one form of checkboxes: ticked = on, a listed box left unticked = off', () => {
    const form = {
      kindsListed: ['paper-due-week', 'paper-overdue', 'digest-10-days'],
      kinds: ['paper-due-week', 'digest-10-days'],
      recipientsListed: ['CI.Roads@example.org', 'acc@example.org'],
      recipients: 'acc@example.org',
    };
    expect(f.ReminderSwitchForm.parse(form)).toEqual({
      switches: [
        { kind: 'paper-due-week', off: false },
        { kind: 'paper-overdue', off: true },
        { kind: 'digest-10-days', off: false },
        { recipient: 'ci.roads@example.org', off: true },
        { recipient: 'acc@example.org', off: false },
      ],
    });
    // Only the csrf token (an old or made-up form): not this form, nothing switched.
    expect(issues(f.ReminderSwitchForm, { csrf: 'x' })).toEqual([{ field: 'kinds', message: 'The form is out of date. Reload the page and try again.' }]);
    expect(issues(f.ReminderSwitchForm, { kindsListed: 'not-a-kind' }).map((i) => i.message)).toEqual([expect.stringMatching(/^Kind must be one of: paper-due-week/)]);
    expect(issues(f.ReminderSwitchForm, { kindsListed: 'digest-3-days', recipientsListed: 'not an email' })).toHaveLength(1);
  });
});
