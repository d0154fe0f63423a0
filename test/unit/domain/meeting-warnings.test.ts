import { describe, expect, it } from 'vitest';
import { meetingWarnings } from '../../../shared/domain/meeting-warnings.js';
import { londonInstants } from '../../../shared/domain/time.js';

const now = new Date('2021-11-01T09:00:00Z');
const kinds = (local: string) => meetingWarnings(local, now).map((w) => w.kind);

describe('meeting warnings', () => {
  it.each([
    ['2021-12-07T14:00', []],
    ['2021-12-11T14:00', ['weekend']],
    ['2021-12-12T14:00', ['weekend']],
    ['2021-12-27T14:00', ['bank-holiday']],
    ['2021-12-25T14:00', ['weekend', 'bank-holiday']],
    ['2021-10-26T14:00', ['past']],
    ['2022-10-30T01:30', ['weekend', 'ambiguous-time']],
  ])('%s warns of %j', (local, expected) => {
    expect(kinds(local)).toEqual(expected);
  });

  it('names the bank holiday and the weekday', () => {
    const [weekend, holiday] = meetingWarnings('2021-12-25T14:00', now);
    expect(weekend!.message).toBe('Saturday 25 December 2021 is a Saturday.');
    expect(holiday!.message).toBe('Saturday 25 December 2021 is a bank holiday (Christmas Day).');
  });

  it('offers both instants of the repeated October hour, BST first', () => {
    const ambiguous = meetingWarnings('2022-10-30T01:30', now).find((w) => w.kind === 'ambiguous-time');
    expect(ambiguous).toMatchObject({
      choices: [
        { instant: '2022-10-30T00:30:00.000Z', label: '01:30 BST (before the clocks go back)' },
        { instant: '2022-10-30T01:30:00.000Z', label: '01:30 GMT (after the clocks go back)' },
      ],
    });
    expect(ambiguous!.message).toContain('01:30 BST (before the clocks go back) is used unless you choose the other');
  });

  it('londonInstants: none in the spring gap, one usually, two in the autumn repeat', () => {
    expect(londonInstants('2022-03-27T01:30')).toEqual([]);
    expect(londonInstants('2021-12-07T14:00')).toEqual(['2021-12-07T14:00:00.000Z']);
    expect(londonInstants('2021-07-06T14:00')).toEqual(['2021-07-06T13:00:00.000Z']);
    expect(londonInstants('2022-10-30T01:30')).toHaveLength(2);
  });
});
