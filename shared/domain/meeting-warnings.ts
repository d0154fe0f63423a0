/**
 * What a person would want to be warned of before scheduling or moving a meeting to a London
 * wall-clock time: a weekend, a bank holiday (England and Wales), a time already past, or a time
 * the clocks read twice (the repeated hour when they go back in October). Warnings, not errors:
 * the office may mean it. Pure: `now` is passed in.
 */
import { englandAndWalesBankHolidays } from './deadlines.js';
import bankHolidays from './bank-holidays.json' with { type: 'json' };
import { formatLondonDate, formatLondonDateTime, londonInstants, weekdayOf } from './time.js';

export type MeetingWarning =
  | { kind: 'weekend'; message: string }
  | { kind: 'bank-holiday'; message: string }
  | { kind: 'past'; message: string }
  /** `choices`: the two instants the time names, BST's first (the one taken unless another is chosen). */
  | { kind: 'ambiguous-time'; message: string; choices: { instant: string; label: string }[] };

const holidayNames: Record<string, string> = bankHolidays.names;

/** Warnings for a meeting starting at `startLocal` (`YYYY-MM-DDTHH:mm`, London), at `now`. */
export function meetingWarnings(startLocal: string, now: Date): MeetingWarning[] {
  const date = startLocal.slice(0, 10);
  const instants = londonInstants(startLocal);
  const warnings: MeetingWarning[] = [];
  const day = formatLondonDate(date);
  if (weekdayOf(date) >= 6) warnings.push({ kind: 'weekend', message: `${day} is a ${weekdayOf(date) === 6 ? 'Saturday' : 'Sunday'}.` });
  if (englandAndWalesBankHolidays.has(date)) {
    warnings.push({ kind: 'bank-holiday', message: `${day} is a bank holiday (${holidayNames[date]}).` });
  }
  if (instants.length > 0 && instants[0]! < now.toISOString()) {
    warnings.push({ kind: 'past', message: `${formatLondonDateTime(instants[0]!)} has already passed.` });
  }
  if (instants.length === 2) {
    const time = startLocal.slice(11, 16);
    const choices = instants.map((instant, i) => ({ instant, label: `${time} ${i === 0 ? 'BST (before the clocks go back)' : 'GMT (after the clocks go back)'}` }));
    warnings.push({
      kind: 'ambiguous-time',
      message: `London's clocks show ${time} twice on ${day}, because they go back an hour that night. ${choices[0]!.label} is used unless you choose the other.`,
      choices,
    });
  }
  return warnings;
}
