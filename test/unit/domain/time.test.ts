import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  InvalidLocalTimeError,
  LONDON,
  addDays,
  addMonths,
  daysBetween,
  endOfLondonDay,
  formatLondonDate,
  formatLondonDateTime,
  formatLondonTime,
  isIsoDate,
  londonDate,
  londonLocal,
  parseLondonLocal,
} from '../../../shared/domain/time';

describe('parseLondonLocal', () => {
  it('treats winter times as GMT', () => {
    expect(LONDON).toBe('Europe/London');
    expect(parseLondonLocal('2021-12-07T14:00')).toBe('2021-12-07T14:00:00.000Z');
  });

  it('treats summer times as BST (UTC+1)', () => {
    expect(parseLondonLocal('2022-06-07T14:00')).toBe('2022-06-07T13:00:00.000Z');
    expect(parseLondonLocal('2022-06-07T14:00:30')).toBe('2022-06-07T13:00:30.000Z');
  });

  it('handles the days either side of the clock changes', () => {
    // Clocks go forward Sun 27 March 2022 and back Sun 30 October 2022.
    expect(parseLondonLocal('2022-03-26T14:00')).toBe('2022-03-26T14:00:00.000Z');
    expect(parseLondonLocal('2022-03-29T14:00')).toBe('2022-03-29T13:00:00.000Z');
    expect(parseLondonLocal('2022-10-29T14:00')).toBe('2022-10-29T13:00:00.000Z');
    expect(parseLondonLocal('2022-11-01T14:00')).toBe('2022-11-01T14:00:00.000Z');
  });

  it('rejects times in the spring-forward gap with a helpful message', () => {
    expect(() => parseLondonLocal('2022-03-27T01:30')).toThrow(InvalidLocalTimeError);
    expect(() => parseLondonLocal('2022-03-27T01:30')).toThrow(
      '27 March 2022 01:30 does not exist in London: the clocks go forward at 01:00. Choose another time.',
    );
    expect(() => parseLondonLocal('2022-03-27T01:00')).toThrow(InvalidLocalTimeError);
    // Either side of the gap is fine: 00:59 GMT, then 02:00 BST.
    expect(parseLondonLocal('2022-03-27T00:59')).toBe('2022-03-27T00:59:00.000Z');
    expect(parseLondonLocal('2022-03-27T02:00')).toBe('2022-03-27T01:00:00.000Z');
  });

  it('picks the earlier (BST) instant in the repeated autumn hour', () => {
    // 01:30 happens at 00:30Z (BST) and again at 01:30Z (GMT).
    expect(parseLondonLocal('2022-10-30T01:30')).toBe('2022-10-30T00:30:00.000Z');
    expect(parseLondonLocal('2022-10-30T02:00')).toBe('2022-10-30T02:00:00.000Z');
  });

  it('respects an explicit offset or Z', () => {
    expect(parseLondonLocal('2022-06-07T14:00Z')).toBe('2022-06-07T14:00:00.000Z');
    expect(parseLondonLocal('2022-06-07T14:00+02:00')).toBe('2022-06-07T12:00:00.000Z');
    expect(parseLondonLocal('2021-12-07T14:00:00-05:00')).toBe('2021-12-07T19:00:00.000Z');
    // Not in London's gap once an offset is given.
    expect(parseLondonLocal('2022-03-27T01:30Z')).toBe('2022-03-27T01:30:00.000Z');
  });

  it('rejects malformed and impossible input with the same error class', () => {
    for (const bad of ['7/12/2021 2pm', '2021-12-07', '2021-12-07 14:00', '2022-02-30T10:00', '2021-12-07T25:00', '']) {
      expect(() => parseLondonLocal(bad), bad).toThrow(InvalidLocalTimeError);
    }
  });
});

describe('London views of an instant', () => {
  it('londonDate uses the London calendar day, not the UTC one', () => {
    expect(londonDate('2022-06-06T23:30:00.000Z')).toBe('2022-06-07'); // 00:30 BST
    expect(londonDate('2021-12-07T23:30:00.000Z')).toBe('2021-12-07'); // 23:30 GMT
  });

  it('londonLocal round-trips parseLondonLocal', () => {
    expect(londonLocal('2022-06-07T13:00:00.000Z')).toBe('2022-06-07T14:00');
    expect(londonLocal(parseLondonLocal('2022-11-01T14:00'))).toBe('2022-11-01T14:00');
  });

  it('endOfLondonDay is the last millisecond of the London day', () => {
    expect(endOfLondonDay('2021-12-07')).toBe('2021-12-07T23:59:59.999Z');
    expect(endOfLondonDay('2022-06-07')).toBe('2022-06-07T22:59:59.999Z');
    // 27 March 2022 is already BST by midnight; 30 October 2022 is back on GMT.
    expect(endOfLondonDay('2022-03-27')).toBe('2022-03-27T22:59:59.999Z');
    expect(endOfLondonDay('2022-10-30')).toBe('2022-10-30T23:59:59.999Z');
  });
});

describe('formatting', () => {
  it('formats dates and times in GOV.UK style', () => {
    expect(formatLondonDateTime('2021-12-07T14:00:00.000Z')).toBe('Tuesday 7 December 2021 at 2pm');
    expect(formatLondonDateTime('2022-06-07T13:30:00.000Z')).toBe('Tuesday 7 June 2022 at 2:30pm');
    expect(formatLondonDate('2021-12-07')).toBe('Tuesday 7 December 2021');
    expect(formatLondonDate('2022-06-06T23:30:00.000Z')).toBe('Tuesday 7 June 2022');
  });

  it('formats noon, midnight and morning times', () => {
    expect(formatLondonTime('2021-12-07T12:00:00.000Z')).toBe('12pm');
    expect(formatLondonTime('2021-12-07T00:00:00.000Z')).toBe('12am');
    expect(formatLondonTime('2021-12-07T09:05:00.000Z')).toBe('9:05am');
    expect(formatLondonTime('2022-06-07T09:00:00.000Z')).toBe('10am'); // BST
  });
});

describe('calendar dates', () => {
  it('daysBetween counts whole calendar days, signed', () => {
    expect(daysBetween('2021-11-29', '2021-12-07')).toBe(8);
    expect(daysBetween('2021-12-07', '2021-11-29')).toBe(-8);
    expect(daysBetween('2022-03-26', '2022-03-28')).toBe(2); // across the 23-hour day
    expect(daysBetween('2022-12-31', '2023-01-01')).toBe(1);
    expect(daysBetween('2021-12-07', '2021-12-07')).toBe(0);
  });

  it('addDays handles month ends and leap years', () => {
    expect(addDays('2022-02-28', 1)).toBe('2022-03-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2021-12-07', -8)).toBe('2021-11-29');
    expect(addDays('2022-10-29', 2)).toBe('2022-10-31'); // across the 25-hour day
  });

  it('isIsoDate accepts only real YYYY-MM-DD dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2021-12-7')).toBe(false);
    expect(isIsoDate('2021-12-07T00:00')).toBe(false);
    expect(isIsoDate('')).toBe(false);
  });

  it('rejects bad dates rather than guessing', () => {
    expect(() => addDays('2023-02-29', 1)).toThrow(RangeError);
    expect(() => daysBetween('yesterday', '2021-12-07')).toThrow(RangeError);
  });
});

describe('the London offset table (london-offsets.json) agrees with ICU', () => {
  // Intl is the oracle here; the runtime uses the generated table to keep ICU's zone data and a
  // date library out of every cold start (infra/tools/london-time.ts).
  const intl = new Intl.DateTimeFormat('en-GB', {
    timeZone: LONDON, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  });
  const viaIntl = (ms: number) => {
    const p = Object.fromEntries(intl.formatToParts(ms).map((x) => [x.type, x.value]));
    return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
  };
  const instants = fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2199, 11, 31) });

  it('londonLocal reads the same wall clock as Intl at any instant from 1970 to 2199', () => {
    fc.assert(fc.property(instants, (ms) => londonLocal(new Date(ms).toISOString()) === viaIntl(ms)), { numRuns: 5000 });
  });

  it('parseLondonLocal turns every wall clock back into an instant that reads the same', () => {
    fc.assert(
      fc.property(instants, (ms) => {
        const wall = viaIntl(ms);
        return viaIntl(Date.parse(parseLondonLocal(wall))) === wall;
      }),
      { numRuns: 2000 },
    );
  });

  it('is right at the edges of every change in the table', () => {
    // Clocks went back at 02:00 UTC on 31 October 1971 (British Standard Time ended) and change at
    // 01:00 UTC since 1981.
    for (const at of ['1971-10-31T01:59:59.999Z', '1971-10-31T02:00:00.000Z', '2021-03-28T00:59:59.999Z', '2021-03-28T01:00:00.000Z', '2199-10-27T00:59:59.999Z', '2199-10-27T01:00:00.000Z']) {
      expect(londonLocal(at), at).toBe(viaIntl(Date.parse(at)));
    }
  });

  it('answers outside the table with its outer offsets instead of failing', () => {
    expect(londonLocal('2300-06-01T12:00:00.000Z')).toBe('2300-06-01T12:00');
    expect(parseLondonLocal('0099-06-01T12:00')).toBe('0099-06-01T11:00:00.000Z');
  });
});

describe('addMonths', () => {
  it('adds calendar months in UTC and clamps to the end of a shorter month', () => {
    expect(addMonths('2021-12-07T14:00:00.000Z', 12).toISOString()).toBe('2022-12-07T14:00:00.000Z');
    expect(addMonths('2022-01-31T14:00:00.000Z', 1).toISOString()).toBe('2022-02-28T14:00:00.000Z');
    expect(addMonths('2024-01-31T00:00:00.000Z', 1).toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(addMonths('2021-11-30T09:30:00.000Z', 3).toISOString()).toBe('2022-02-28T09:30:00.000Z');
    expect(addMonths('2021-12-07T14:00:00.000Z', -12).toISOString()).toBe('2020-12-07T14:00:00.000Z');
  });
});
