/** The series and cancel forms (issue 12 §3): read into the API inputs, with messages a person can act on. */
import { describe, expect, it } from 'vitest';
import * as f from '../../../shared/schemas/forms.js';
import { CreateSeriesInput } from '../../../shared/schemas/entities.js';
import { zodIssues } from '../../../shared/views/forms.js';

const issues = (schema: { safeParse: (v: unknown) => { success: boolean; error?: unknown } }, form: f.FormFields) => {
  const result = schema.safeParse(form);
  return result.success ? [] : zodIssues(result.error as Parameters<typeof zodIssues>[0]);
};

const every = { title: 'Community Outcomes Meeting', place: 'Wakefield', time: '2pm', pattern: 'every', 'first-day': '7', 'first-month': '12', 'first-year': '2021', everyWeeks: '13', count: '4' };
const list = { title: 'Community Outcomes Meeting', place: 'Wakefield', time: '14:00', pattern: 'dates', dates: '7/12/2021\r\n2022-03-15\n\n 14/6/2022 ' };

describe('the series form', () => {
  it('reads every N weeks from a first date, or a list of dates (one a line, d/m/yyyy or yyyy-mm-dd), with the action', () => {
    expect(f.SeriesForm.parse(every)).toEqual({
      action: 'preview',
      pattern: 'every',
      input: { title: 'Community Outcomes Meeting', place: 'Wakefield', time: '14:00', first: '2021-12-07', everyWeeks: 13, count: 4 },
    });
    expect(f.SeriesForm.parse({ ...list, action: 'create' })).toMatchObject({ action: 'create', input: { dates: ['2021-12-07', '2022-03-15', '2022-06-14'] } });
    expect(f.SeriesForm.parse({ ...list, dates: '7/12/2021, 15/3/2022' }).input.dates).toEqual(['2021-12-07', '2022-03-15']);
  });

  it.each([
    ['an action that is not one of ours', { ...every, action: 'x'.repeat(300) }, [{ field: 'action', message: 'The form is out of date. Reload the page and try again.' }]],
    ['no pattern', { ...every, pattern: '' }, [{ field: 'pattern', message: 'Choose how the meetings repeat: every few weeks, or a list of dates' }]],
    ['a count of 0', { ...every, count: '0' }, [{ field: 'count', message: 'Create at least 1 meeting' }]],
    ['a count of 13', { ...every, count: '13' }, [{ field: 'count', message: 'Create at most 12 meetings at a time' }]],
    ['a count that is not a number', { ...every, count: 'four' }, [{ field: 'count', message: 'Give how many meetings to create' }]],
    ['blanks', { ...every, 'first-month': '', everyWeeks: '', count: '' }, [
      { field: 'first', message: 'The first date must include a month' },
      { field: 'everyWeeks', message: 'Enter how many weeks apart the meetings are' },
      { field: 'count', message: 'Enter how many meetings to create' },
    ]],
    ['13 dates', { ...list, dates: Array.from({ length: 13 }, (_, i) => `${i + 1}/12/2021`).join('\n') }, [{ field: 'dates', message: 'Create at most 12 meetings at a time' }]],
    ['a date twice', { ...list, dates: '7/12/2021\n2021-12-07' }, [{ field: 'dates', message: 'The list gives the same date twice (2021-12-07): give each date once' }]],
    ['a date that is not one', { ...list, dates: '31/2/2022' }, [{ field: 'dates', message: 'Enter each date as a real date, like 2021-11-15' }]],
    ['no dates', { ...list, dates: '' }, [{ field: 'dates', message: 'Give at least one date for the series' }]],
    ['a bad time and no place', { ...every, time: '25:00', place: '' }, [
      { field: 'place', message: 'Enter the place' },
      { field: 'time', message: 'Enter the start time as HH:mm, like 14:00' },
    ]],
  ])('refuses %s with a clear message on its field', (_what, form, expected) => {
    expect(issues(f.SeriesForm, form as f.FormFields)).toEqual(expected);
  });

  it('the API refuses a date listed twice too', () => {
    const result = CreateSeriesInput.safeParse({ time: '14:00', place: 'Wakefield', dates: ['2021-12-07', '2021-12-07'] });
    expect(result.success).toBe(false);
  });
});

describe('the cancel form', () => {
  it('reads the version, the reason and the choice for the questions', () => {
    expect(f.CancelMeetingForm.parse({ version: '4', reason: ' Unwell ', questions: 'redirect' })).toEqual({ version: 4, reason: 'Unwell', questions: 'redirect' });
  });

  it('asks for a reason and a choice, and calls a form without a version out of date', () => {
    expect(issues(f.CancelMeetingForm, { version: '', reason: '', questions: '' }).map((i) => i.field).sort()).toEqual(['questions', 'reason', 'version']);
    expect(issues(f.CancelMeetingForm, { version: '4', reason: '', questions: 'close' })).toEqual([{ field: 'reason', message: 'Enter the reason for cancelling' }]);
  });
});
