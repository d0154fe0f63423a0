import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  dateFields,
  dateItems,
  datePartsOf,
  daysLeftText,
  field,
  fieldErrors,
  humanise,
  isSafeLocalPath,
  lines,
  optional,
  parseDateParts,
  parseTime,
  safeLocalPath,
  tag,
  zodIssues,
} from '../../../shared/views/forms';

describe('fieldErrors', () => {
  it('links each message to its field and keeps the first message per field', () => {
    const errors = fieldErrors([
      { field: 'place', message: 'Enter the place' },
      { field: 'author.email', message: 'Enter the author’s email address' },
      { field: 'place', message: 'A second message about the place' },
    ]);
    expect(errors.summary).toEqual([
      { text: 'Enter the place', href: '#place' },
      { text: 'Enter the author’s email address', href: '#author-email' },
    ]);
    expect(errors.byField).toEqual({ place: { text: 'Enter the place' }, 'author.email': { text: 'Enter the author’s email address' } });
  });

  it('takes the id of a field from a mapping (a date input links to its first box)', () => {
    const errors = fieldErrors([{ field: 'date', message: 'Date must include a month' }], (f) => (f === 'date' ? 'date-month' : f));
    expect(errors.summary).toEqual([{ text: 'Date must include a month', href: '#date-month' }]);
  });

  it('is empty for no issues', () => {
    expect(fieldErrors([])).toEqual({ summary: [], byField: {} });
  });
});

describe('zodIssues', () => {
  it('turns schema paths into field names', () => {
    const schema = z.object({ points: z.array(z.string().min(1, { error: 'Enter each point' })) });
    const result = schema.safeParse({ points: ['a', ''] });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(zodIssues(result.error)).toEqual([{ field: 'points.1', message: 'Enter each point' }]);
    expect(zodIssues(result.error, (p) => p.split('.')[0]!)).toEqual([{ field: 'points', message: 'Enter each point' }]);
  });
});

describe('parseDateParts', () => {
  it('reads a real date', () => {
    expect(parseDateParts({ day: '7', month: '12', year: '2021' })).toEqual({ ok: true, date: '2021-12-07' });
    expect(parseDateParts({ day: ' 07 ', month: '09', year: '2022' })).toEqual({ ok: true, date: '2022-09-07' });
    expect(parseDateParts({ day: '29', month: '2', year: '2024' })).toEqual({ ok: true, date: '2024-02-29' });
  });

  it('accepts month names and abbreviations', () => {
    expect(parseDateParts({ day: '7', month: 'Dec', year: '2021' })).toEqual({ ok: true, date: '2021-12-07' });
    expect(parseDateParts({ day: '7', month: 'december', year: '2021' })).toEqual({ ok: true, date: '2021-12-07' });
    expect(parseDateParts({ day: '7', month: 'Sept', year: '2021' })).toEqual({ ok: true, date: '2021-09-07' });
    expect(parseDateParts({ day: '7', month: 'decx', year: '2021' })).toMatchObject({ ok: false, message: 'Date must be a real date' });
  });

  it('asks for a date when all boxes are empty', () => {
    expect(parseDateParts({})).toEqual({ ok: false, message: 'Enter the date', parts: ['day', 'month', 'year'] });
    expect(parseDateParts({ day: ' ', month: '', year: '' }, 'Due date')).toMatchObject({ message: 'Enter the due date' });
  });

  it('names the missing parts', () => {
    expect(parseDateParts({ day: '7', year: '2021' })).toEqual({ ok: false, message: 'Date must include a month', parts: ['month'] });
    expect(parseDateParts({ month: '12', year: '2021' })).toEqual({ ok: false, message: 'Date must include a day', parts: ['day'] });
    expect(parseDateParts({ day: '7', month: '12' })).toEqual({ ok: false, message: 'Date must include a year', parts: ['year'] });
    expect(parseDateParts({ year: '2021' }, 'Due date')).toEqual({ ok: false, message: 'Due date must include a day and month', parts: ['day', 'month'] });
  });

  it('refuses impossible dates', () => {
    expect(parseDateParts({ day: '31', month: '2', year: '2022' })).toEqual({ ok: false, message: 'Date must be a real date', parts: ['day', 'month', 'year'] });
    expect(parseDateParts({ day: '29', month: '2', year: '2022' })).toMatchObject({ ok: false, message: 'Date must be a real date' });
    expect(parseDateParts({ day: '1', month: '13', year: '2022' })).toEqual({ ok: false, message: 'Date must be a real date', parts: ['month'] });
    expect(parseDateParts({ day: '32', month: '1', year: '2022' })).toEqual({ ok: false, message: 'Date must be a real date', parts: ['day'] });
    expect(parseDateParts({ day: 'x', month: '1', year: '2022' })).toEqual({ ok: false, message: 'Date must be a real date', parts: ['day'] });
    expect(parseDateParts({ day: '0', month: '1', year: '2022' })).toMatchObject({ ok: false, message: 'Date must be a real date' });
  });

  it('wants a four-digit year', () => {
    expect(parseDateParts({ day: '7', month: '12', year: '21' })).toEqual({ ok: false, message: 'Year must include 4 numbers', parts: ['year'] });
  });
});

describe('date input helpers', () => {
  it('reads the boxes of a prefixed date input', () => {
    expect(dateFields({ 'date-day': '7', 'date-month': ['12', '11'], 'date-year': '2021' }, 'date')).toEqual({ day: '7', month: '12', year: '2021' });
    expect(dateFields(undefined, 'date')).toEqual({ day: '', month: '', year: '' });
  });

  it('prefills from a YYYY-MM-DD date', () => {
    expect(datePartsOf('2021-11-15')).toEqual({ day: '15', month: '11', year: '2021' });
    expect(datePartsOf(undefined)).toEqual({});
    expect(datePartsOf('not a date')).toEqual({});
  });

  it('marks the boxes in error', () => {
    const items = dateItems('dueDate', { day: '31', month: '2', year: '2022' }, ['day']);
    expect(items.map((i) => [i.id, i.name, i.value, i.classes])).toEqual([
      ['dueDate-day', 'day', '31', 'govuk-input--width-2 govuk-input--error'],
      ['dueDate-month', 'month', '2', 'govuk-input--width-2'],
      ['dueDate-year', 'year', '2022', 'govuk-input--width-4'],
    ]);
  });
});

describe('parseTime', () => {
  it('reads the 24-hour clock', () => {
    expect(parseTime('14:00')).toEqual({ ok: true, time: '14:00' });
    expect(parseTime(' 9:30 ')).toEqual({ ok: true, time: '09:30' });
    expect(parseTime('14.15')).toEqual({ ok: true, time: '14:15' });
    expect(parseTime('1500')).toEqual({ ok: true, time: '15:00' });
    expect(parseTime('00:00')).toEqual({ ok: true, time: '00:00' });
  });

  it('reads am and pm', () => {
    expect(parseTime('2pm')).toEqual({ ok: true, time: '14:00' });
    expect(parseTime('2:30 PM')).toEqual({ ok: true, time: '14:30' });
    expect(parseTime('12pm')).toEqual({ ok: true, time: '12:00' });
    expect(parseTime('12am')).toEqual({ ok: true, time: '00:00' });
  });

  it('explains what is wrong', () => {
    expect(parseTime('')).toEqual({ ok: false, message: 'Enter the start time' });
    expect(parseTime('25:00')).toEqual({ ok: false, message: 'Enter the start time in the 24-hour clock, like 14:00' });
    expect(parseTime('14:60')).toMatchObject({ ok: false });
    expect(parseTime('13pm')).toMatchObject({ ok: false });
    expect(parseTime('teatime')).toMatchObject({ ok: false });
  });
});

describe('lines', () => {
  it('makes one point per line, trimmed, blank lines dropped', () => {
    expect(lines('Update on Vision Zero\r\n\r\n  Update on Op Snap  \n\n')).toEqual(['Update on Vision Zero', 'Update on Op Snap']);
    expect(lines('')).toEqual([]);
    expect(lines(undefined)).toEqual([]);
    expect(lines('one\rtwo')).toEqual(['one', 'two']);
  });
});

describe('safeLocalPath', () => {
  it('keeps paths on this site', () => {
    expect(safeLocalPath('/staff/topics')).toBe('/staff/topics');
    expect(safeLocalPath('/staff/meetings/01H?x=1#agenda')).toBe('/staff/meetings/01H?x=1#agenda');
    expect(isSafeLocalPath('/')).toBe(true);
  });

  it('refuses other sites and odd paths', () => {
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example/', 'evil', '', '/\t/evil.example', '/a\nb', '/a\\b', 'javascript:alert(1)']) {
      expect(safeLocalPath(bad), bad).toBe('/staff/meetings');
      expect(isSafeLocalPath(bad), bad).toBe(false);
    }
    expect(safeLocalPath(undefined, '/')).toBe('/');
    expect(safeLocalPath(null)).toBe('/staff/meetings');
    expect(safeLocalPath(`/${'a'.repeat(3000)}`)).toBe('/staff/meetings');
  });
});

describe('tags and labels', () => {
  it('colours timeliness as agreed: on time green, late orange, overdue red, due blue, withdrawn grey', () => {
    expect(tag('timeliness', 'on time')).toEqual({ text: 'On time', classes: 'govuk-tag--green' });
    expect(tag('timeliness', 'late')).toEqual({ text: 'Late', classes: 'govuk-tag--orange' });
    expect(tag('timeliness', 'overdue')).toEqual({ text: 'Overdue', classes: 'govuk-tag--red' });
    expect(tag('timeliness', 'due')).toEqual({ text: 'Due' });
    expect(tag('timeliness', 'withdrawn')).toEqual({ text: 'Withdrawn', classes: 'govuk-tag--grey' });
  });

  it('labels statuses', () => {
    expect(tag('meeting', 'agenda-published')).toEqual({ text: 'Agenda published', classes: 'govuk-tag--turquoise' });
    expect(tag('meeting', 'cancelled')).toEqual({ text: 'Cancelled', classes: 'govuk-tag--red' });
    expect(tag('action', 'ongoing')).toEqual({ text: 'Ongoing', classes: 'govuk-tag--yellow' });
    expect(humanise('future-items')).toBe('Future items');
  });

  it('says how many days are left', () => {
    expect(daysLeftText(3)).toBe('3 days left');
    expect(daysLeftText(1)).toBe('1 day left');
    expect(daysLeftText(0)).toBe('due today');
    expect(daysLeftText(-1)).toBe('1 day overdue');
    expect(daysLeftText(-2)).toBe('2 days overdue');
    expect(daysLeftText(null)).toBe('');
  });
});

describe('field and optional', () => {
  it('reads one value of a form', () => {
    expect(field({ a: 'x', b: ['y', 'z'] }, 'a')).toBe('x');
    expect(field({ a: 'x', b: ['y', 'z'] }, 'b')).toBe('y');
    expect(field({}, 'c')).toBe('');
    expect(optional('  ')).toBeUndefined();
    expect(optional(' https://x.example ')).toBe('https://x.example');
  });
});
