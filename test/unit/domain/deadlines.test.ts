import { describe, it, expect } from 'vitest';
import bankHolidays from '../../../shared/domain/bank-holidays.json';
import {
  addWorkingDays,
  computeDeadlines,
  defaultDeadlineSettings,
  englandAndWalesBankHolidays,
  isWorkingDay,
  nextWorkingDay,
  previousWorkingDay,
  workingDaysBetween,
} from '../../../shared/domain/deadlines';
import { parseLondonLocal } from '../../../shared/domain/time';

const deadlinesFor = (londonLocal: string) => computeDeadlines(parseLondonLocal(londonLocal));

describe('bank-holidays.json', () => {
  const dates = Object.keys(bankHolidays.names);

  it('holds the one-off bank holidays', () => {
    for (const d of ['2020-05-08', '2022-06-02', '2022-06-03', '2022-09-19', '2023-05-08']) {
      expect(englandAndWalesBankHolidays.has(d), d).toBe(true);
    }
    // Moved, not added: the early May and spring bank holidays those years.
    expect(englandAndWalesBankHolidays.has('2020-05-04')).toBe(false);
    expect(englandAndWalesBankHolidays.has('2022-05-30')).toBe(false);
  });

  it('holds the Christmas 2022 substitute days', () => {
    for (const d of ['2022-12-26', '2022-12-27', '2023-01-02']) expect(englandAndWalesBankHolidays.has(d), d).toBe(true);
  });

  it('covers 2015 to 2040, sorted, with its source recorded', () => {
    expect(bankHolidays.source).toMatch(/^date-holidays \d+\.\d+\.\d+ GB\/ENG \(England and Wales\)$/);
    expect(dates[0]).toBe('2015-01-01');
    expect(dates.at(-1)).toBe('2040-12-26');
    expect([...dates].sort()).toEqual(dates);
    expect(new Set(dates).size).toBe(dates.length);
  });
});

describe('working days', () => {
  it('isWorkingDay excludes weekends and bank holidays', () => {
    expect(isWorkingDay('2021-12-07')).toBe(true); // Tuesday
    expect(isWorkingDay('2021-12-04')).toBe(false); // Saturday
    expect(isWorkingDay('2021-12-05')).toBe(false); // Sunday
    expect(isWorkingDay('2022-04-15')).toBe(false); // Good Friday
    expect(isWorkingDay('2022-05-30')).toBe(true); // usual spring bank holiday, moved in 2022
    expect(isWorkingDay('2022-04-15', new Set())).toBe(true); // custom holiday set
  });

  it('addWorkingDays does not count the start day', () => {
    expect(addWorkingDays('2021-12-04', 1)).toBe('2021-12-06'); // Sat → Mon
    expect(addWorkingDays('2021-12-04', -1)).toBe('2021-12-03'); // Sat → Fri
    expect(addWorkingDays('2021-12-04', 0)).toBe('2021-12-04');
    expect(addWorkingDays('2021-12-07', -5)).toBe('2021-11-30');
  });

  it('previous/nextWorkingDay skip holidays', () => {
    expect(previousWorkingDay('2022-04-19')).toBe('2022-04-14'); // over Easter
    expect(nextWorkingDay('2022-04-14')).toBe('2022-04-19');
    expect(nextWorkingDay('2022-12-23')).toBe('2022-12-28'); // over 24–27 Dec
    expect(previousWorkingDay('2023-01-03')).toBe('2022-12-30'); // over 31 Dec–2 Jan
  });

  it('workingDaysBetween excludes both ends', () => {
    // Tue 30 Nov, Wed 1, Thu 2, Fri 3, Mon 6 Dec.
    expect(workingDaysBetween('2021-11-29', '2021-12-07')).toBe(5);
    expect(workingDaysBetween('2021-12-07', '2021-11-29')).toBe(5);
    // Fri 8, Mon 11, Tue 12, Wed 13, Thu 14 Apr (15 and 18 are Easter).
    expect(workingDaysBetween('2022-04-07', '2022-04-19')).toBe(5);
    // Wed 28, Thu 29, Fri 30 Dec only.
    expect(workingDaysBetween('2022-12-23', '2023-01-03')).toBe(3);
    expect(workingDaysBetween('2021-12-06', '2021-12-07')).toBe(0);
    expect(workingDaysBetween('2021-12-07', '2021-12-07')).toBe(0);
  });
});

describe('computeDeadlines', () => {
  it('matches the real 7 December 2021 meeting', () => {
    // Clear days: Mon 6, Fri 3, Thu 2, Wed 1 Dec, Tue 30 Nov → publish Mon 29 Nov.
    // Papers: 10 working days before 29 Nov = Mon 15 Nov (as on the real papers).
    // Questions: 7 Dec − 7 = Tue 30 Nov (after publication, so it stands).
    expect(deadlinesFor('2021-12-07T14:00')).toEqual({
      papersDue: '2021-11-15',
      agendaPublication: '2021-11-29',
      questionDeadline: '2021-11-30',
    });
    expect(defaultDeadlineSettings).toEqual({
      publicationClearWorkingDays: 5,
      papersDueWorkingDaysBeforePublication: 10,
      questionDeadlineDaysBefore: 7,
    });
  });

  it('skips Easter', () => {
    // Meeting Tue 19 Apr 2022. Clear days: (Mon 18 Easter Monday, Fri 15 Good Friday)
    // Thu 14, Wed 13, Tue 12, Mon 11, Fri 8 → publish Thu 7 Apr.
    // Papers: Wed 6, Tue 5, Mon 4, Fri 1 Apr, Thu 31, Wed 30, Tue 29, Mon 28, Fri 25, Thu 24 Mar.
    expect(deadlinesFor('2022-04-19T14:00')).toEqual({
      papersDue: '2022-03-24',
      agendaPublication: '2022-04-07',
      questionDeadline: '2022-04-12',
    });
  });

  it('handles a meeting just after the autumn clock change', () => {
    // Clocks went back Sun 30 Oct 2022, so 14:00 on Tue 1 Nov is GMT.
    const start = parseLondonLocal('2022-11-01T14:00');
    expect(start).toBe('2022-11-01T14:00:00.000Z');
    // Clear days: Mon 31, Fri 28, Thu 27, Wed 26, Tue 25 Oct → publish Mon 24 Oct.
    // Papers: Fri 21 … Mon 10 Oct (10 working days, two full weeks).
    expect(computeDeadlines(start)).toEqual({
      papersDue: '2022-10-10',
      agendaPublication: '2022-10-24',
      questionDeadline: '2022-10-25',
    });
  });

  it('handles a meeting just after the spring clock change', () => {
    // Clocks went forward Sun 27 Mar 2022, so 14:00 on Tue 29 Mar is BST.
    const start = parseLondonLocal('2022-03-29T14:00');
    expect(start).toBe('2022-03-29T13:00:00.000Z');
    // Clear days: Mon 28, Fri 25, Thu 24, Wed 23, Tue 22 Mar → publish Mon 21 Mar.
    // Papers: two full weeks earlier, Mon 7 Mar.
    const expected = { papersDue: '2022-03-07', agendaPublication: '2022-03-21', questionDeadline: '2022-03-22' };
    expect(computeDeadlines(start)).toEqual(expected);
    // 00:30 BST is still the previous day in UTC; the London date must win.
    const earlyStart = parseLondonLocal('2022-03-29T00:30');
    expect(earlyStart).toBe('2022-03-28T23:30:00.000Z');
    expect(computeDeadlines(earlyStart)).toEqual(expected);
  });

  it('skips Christmas and the substitute days (meeting Tue 3 Jan 2023)', () => {
    // Holidays: Mon 26 Dec, Tue 27 Dec (Christmas substitute), Mon 2 Jan (New Year substitute).
    // Clear days: Fri 30, Thu 29, Wed 28, Fri 23, Thu 22 Dec → publish Wed 21 Dec.
    // Papers: Tue 20, Mon 19, Fri 16, Thu 15, Wed 14, Tue 13, Mon 12, Fri 9, Thu 8, Wed 7 Dec.
    // Questions: 3 Jan − 7 = Tue 27 Dec — a bank holiday, but the rule is calendar days.
    expect(deadlinesFor('2023-01-03T14:00')).toEqual({
      papersDue: '2022-12-07',
      agendaPublication: '2022-12-21',
      questionDeadline: '2022-12-27',
    });
  });

  it('skips Christmas and the substitute days (meeting Tue 10 Jan 2023)', () => {
    // Clear days: Mon 9, Fri 6, Thu 5, Wed 4, Tue 3 Jan → publish the working day
    // before Tue 3 Jan: Mon 2 Jan is a holiday, so Fri 30 Dec.
    // Papers: Thu 29, Wed 28, (27, 26 holidays) Fri 23, Thu 22, Wed 21, Tue 20, Mon 19,
    // Fri 16, Thu 15, Wed 14 Dec.
    expect(deadlinesFor('2023-01-10T14:00')).toEqual({
      papersDue: '2022-12-14',
      agendaPublication: '2022-12-30',
      questionDeadline: '2023-01-03',
    });
  });

  it('skips the Platinum Jubilee holidays (Thu 2 and Fri 3 June 2022)', () => {
    // Meeting Tue 7 Jun. Clear days: Mon 6, (Fri 3, Thu 2 holidays) Wed 1, Tue 31, Mon 30 May,
    // Fri 27 → publish Thu 26 May. Mon 30 May is a working day in 2022.
    // Papers: Wed 25, Tue 24, Mon 23, Fri 20, Thu 19, Wed 18, Tue 17, Mon 16, Fri 13, Thu 12 May.
    expect(deadlinesFor('2022-06-07T14:00')).toEqual({
      papersDue: '2022-05-12',
      agendaPublication: '2022-05-26',
      questionDeadline: '2022-05-31',
    });
  });

  it("skips the Queen's funeral (Mon 19 September 2022)", () => {
    // Meeting Tue 27 Sep. Clear days: Mon 26, Fri 23, Thu 22, Wed 21, Tue 20 → the working
    // day before Tue 20 is Fri 16 (Mon 19 is the funeral).
    // Papers: Thu 15, Wed 14, Tue 13, Mon 12, Fri 9, Thu 8, Wed 7, Tue 6, Mon 5, Fri 2 Sep.
    expect(deadlinesFor('2022-09-27T14:00')).toEqual({
      papersDue: '2022-09-02',
      agendaPublication: '2022-09-16',
      questionDeadline: '2022-09-20',
    });
  });

  it('skips the Coronation (Mon 8 May 2023) and the early May bank holiday', () => {
    // Meeting Tue 16 May. Clear days: Mon 15, Fri 12, Thu 11, Wed 10, Tue 9 → the working
    // day before Tue 9 is Fri 5 May (Mon 8 is the Coronation).
    // Papers: Thu 4, Wed 3, Tue 2, (Mon 1 May holiday) Fri 28, Thu 27, Wed 26, Tue 25,
    // Mon 24, Fri 21, Thu 20 Apr.
    expect(deadlinesFor('2023-05-16T14:00')).toEqual({
      papersDue: '2023-04-20',
      agendaPublication: '2023-05-05',
      questionDeadline: '2023-05-09',
    });
  });

  it('never puts the question deadline before publication', () => {
    const start = parseLondonLocal('2021-12-07T14:00');
    // 14 days before is Tue 23 Nov, before publication on Mon 29 Nov → clamped to 29 Nov.
    expect(computeDeadlines(start, { ...defaultDeadlineSettings, questionDeadlineDaysBefore: 14 })).toEqual({
      papersDue: '2021-11-15',
      agendaPublication: '2021-11-29',
      questionDeadline: '2021-11-29',
    });
    // 2 days before is Sun 5 Dec, after publication → unchanged (calendar days, so a Sunday).
    expect(computeDeadlines(start, { ...defaultDeadlineSettings, questionDeadlineDaysBefore: 2 }).questionDeadline).toBe(
      '2021-12-05',
    );
  });

  it('uses custom settings and holidays', () => {
    // 2 clear days before Tue 7 Dec 2021: Mon 6, Fri 3 → publish Thu 2 Dec; papers 1 working day earlier.
    const settings = { publicationClearWorkingDays: 2, papersDueWorkingDaysBeforePublication: 1, questionDeadlineDaysBefore: 7 };
    expect(computeDeadlines(parseLondonLocal('2021-12-07T14:00'), settings)).toEqual({
      papersDue: '2021-12-01',
      agendaPublication: '2021-12-02',
      questionDeadline: '2021-12-02', // 7 Dec − 7 = 30 Nov is before publication
    });
    // Without Easter as holidays, Tue 19 Apr 2022 publishes like any other week:
    // clear days Mon 18 … Tue 12 → publish Mon 11 Apr.
    expect(computeDeadlines(parseLondonLocal('2022-04-19T14:00'), defaultDeadlineSettings, new Set()).agendaPublication).toBe(
      '2022-04-11',
    );
  });

  it('rejects nonsense settings', () => {
    const start = parseLondonLocal('2021-12-07T14:00');
    expect(() => computeDeadlines(start, { ...defaultDeadlineSettings, publicationClearWorkingDays: -1 })).toThrow(RangeError);
    expect(() => computeDeadlines(start, { ...defaultDeadlineSettings, questionDeadlineDaysBefore: 1.5 })).toThrow(RangeError);
  });
});
