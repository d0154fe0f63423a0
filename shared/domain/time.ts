/**
 * Europe/London time helpers.
 *
 * Meetings happen at London wall-clock times, but we store UTC instants
 * (ISO strings ending in Z) so that sorting and comparisons are trivial.
 * Calendar dates (YYYY-MM-DD) are always London dates.
 *
 * Pure: nothing here reads the system clock.
 */
import londonOffsets from './london-offsets.json' with { type: 'json' };

export const LONDON = 'Europe/London';

/** A London wall-clock time that cannot be turned into an instant. */
export class InvalidLocalTimeError extends Error {
  override name = 'InvalidLocalTimeError';
}

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const MINUTE_MS = 60_000;

/*
 * London's offset from UTC comes from a table of every change from 1970 to 2199
 * (london-offsets.json, generated from ICU by infra/tools/london-time.ts), not from Luxon or Intl:
 * both cost a cold start tens of milliseconds (ICU's zone data) and Luxon 70 KB of every bundle.
 * Before 1970 and after 2199 the table's outer offsets apply.
 */
const CHANGES = unpack(londonOffsets.changes);

/** [ms since the epoch, offset in minutes] from the packed table (infra/tools/london-time.ts says how it is packed). */
function unpack(changes: string): (readonly [number, number])[] {
  let hour = 0;
  return changes.split(',').map((token) => {
    hour += parseInt(token.slice(0, -1), 36);
    return [hour * 3_600_000, parseInt(token.slice(-1), 36) * 15] as const;
  });
}

/** London's offset from UTC, in minutes, at an instant (ms since the epoch). */
function offsetAt(ms: number): number {
  let lo = 0;
  let hi = CHANGES.length; // the first change after `ms` is at index lo once lo === hi
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (CHANGES[mid]![0] <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? londonOffsets.initialOffset : CHANGES[lo - 1]![1];
}

interface WallClock {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  weekday: number; // 1 = Monday … 7 = Sunday
}

/** The fields of a wall-clock reading, as if it were UTC (years below 100 kept as written). */
function wallMs(w: Omit<WallClock, 'weekday'>): number {
  const at = new Date(0);
  at.setUTCFullYear(w.year, w.month - 1, w.day);
  at.setUTCHours(w.hour, w.minute, w.second, w.millisecond);
  return at.getTime();
}

function clockOf(ms: number): WallClock {
  const at = new Date(ms);
  return {
    year: at.getUTCFullYear(),
    month: at.getUTCMonth() + 1,
    day: at.getUTCDate(),
    hour: at.getUTCHours(),
    minute: at.getUTCMinutes(),
    second: at.getUTCSeconds(),
    millisecond: at.getUTCMilliseconds(),
    weekday: at.getUTCDay() || 7,
  };
}

/** London wall clock at an instant. */
function londonClock(instantIso: string): WallClock {
  const ms = DATE_RE.test(instantIso) ? NaN : Date.parse(instantIso);
  if (Number.isNaN(ms)) throw new RangeError(`"${instantIso}" is not an ISO instant`);
  return clockOf(ms + offsetAt(ms) * MINUTE_MS);
}

/** The instants at which London's clocks read a wall-clock time: none (in the spring gap), one or two (autumn). */
function instantsOfLondonWall(wall: number): number[] {
  const offsets = new Set([offsetAt(wall - 86_400_000), offsetAt(wall), offsetAt(wall + 86_400_000)]);
  return [...offsets]
    .map((offset) => wall - offset * MINUTE_MS)
    .filter((ms) => offsetAt(ms) === (wall - ms) / MINUTE_MS)
    .sort((a, b) => a - b);
}

/**
 * `YYYY-MM-DDTHH:mm[:ss]` as London wall-clock time → UTC ISO instant.
 * An explicit `Z` or `±HH:mm` offset is respected instead.
 * Times in the spring-forward gap throw; in the autumn repeated hour the
 * earlier (BST) instant is chosen, since that is when a meeting "at 01:30"
 * would first happen.
 */
export function parseLondonLocal(local: string): string {
  const m = LOCAL_RE.exec(local.trim());
  if (!m) {
    throw new InvalidLocalTimeError(
      `"${local}" is not a date and time. Use the form 2021-12-07T14:00 (year-month-day, then 24-hour time).`,
    );
  }
  const [, y, mo, d, h, mi, s = '0', ms = '0', offset] = m;
  const parts = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: Number(s),
    millisecond: Number(ms.padEnd(3, '0')),
  };
  const wall = wallMs(parts);
  const read = clockOf(wall);
  const offsetMinutes = offset && offset !== 'Z' ? (offset[0] === '-' ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4))) : 0;
  if (
    read.year !== parts.year || read.month !== parts.month || read.day !== parts.day || read.hour !== parts.hour ||
    read.minute !== parts.minute || read.second !== parts.second || Math.abs(offsetMinutes) > 18 * 60
  ) {
    throw new InvalidLocalTimeError(`"${local}" is not a real date and time. Enter a real London date and time, like 2021-12-07T14:00.`);
  }
  if (offset) return new Date(wall - offsetMinutes * MINUTE_MS).toISOString();

  const [first] = instantsOfLondonWall(wall);
  if (first === undefined) {
    throw new InvalidLocalTimeError(
      `${parts.day} ${MONTHS[parts.month - 1]} ${year(parts.year)} ${pad(parts.hour)}:${pad(parts.minute)} does not exist in London: ` +
        `the clocks go forward at ${pad(parts.hour)}:00. Choose another time.`,
    );
  }
  // In the repeated autumn hour the earlier instant is BST's.
  return new Date(first).toISOString();
}

/**
 * Every instant at which London's clocks read `YYYY-MM-DDTHH:mm` (no zone): none in the spring gap,
 * two in the repeated autumn hour (BST's first, then GMT's), else one. Throws on text that is not a
 * real date and time, as `parseLondonLocal` does.
 */
export function londonInstants(local: string): string[] {
  const utc = parseLondonLocal(`${local.trim().replace(/(Z|[+-]\d{2}:\d{2})$/, '')}Z`);
  return instantsOfLondonWall(Date.parse(utc)).map((ms) => new Date(ms).toISOString());
}

/** London calendar date (YYYY-MM-DD) of an instant. */
export function londonDate(instantIso: string): string {
  const c = londonClock(instantIso);
  return `${year(c.year)}-${pad(c.month)}-${pad(c.day)}`;
}

/** London wall-clock time (YYYY-MM-DDTHH:mm) of an instant; the inverse of parseLondonLocal. */
export function londonLocal(instantIso: string): string {
  const c = londonClock(instantIso);
  return `${year(c.year)}-${pad(c.month)}-${pad(c.day)}T${pad(c.hour)}:${pad(c.minute)}`;
}

/** UTC instant of 23:59:59.999 London time on a date: "by the end of <date>". */
export function endOfLondonDay(date: string): string {
  // London's clocks never change near midnight, so 23:59:59.999 happens exactly once.
  return new Date(instantsOfLondonWall(dayOf(date) + 86_400_000 - 1)[0]!).toISOString();
}

/** e.g. "Tuesday 7 December 2021 at 2pm". */
export function formatLondonDateTime(instantIso: string): string {
  return `${formatLondonDate(instantIso)} at ${formatLondonTime(instantIso)}`;
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** e.g. "Tuesday 7 December 2021". Takes a YYYY-MM-DD date or an instant. */
export function formatLondonDate(dateOrInstant: string): string {
  const c = DATE_RE.test(dateOrInstant) ? clockOf(dayOf(dateOrInstant)) : londonClock(dateOrInstant);
  return `${WEEKDAYS[c.weekday - 1]} ${c.day} ${MONTHS[c.month - 1]} ${year(c.year)}`;
}

/** e.g. "2pm", "2:30pm", "12pm" (noon), "12am" (midnight). */
export function formatLondonTime(instantIso: string): string {
  const c = londonClock(instantIso);
  const hour = c.hour % 12 === 0 ? 12 : c.hour % 12;
  const minutes = c.minute === 0 ? '' : `:${pad(c.minute)}`;
  return `${hour}${minutes}${c.hour < 12 ? 'am' : 'pm'}`;
}

/** An instant plus whole calendar months in UTC; the day is clamped to the month's end (31 Jan + 1 = 28 Feb). */
export function addMonths(instantIso: string, months: number): Date {
  const c = clockOf(Date.parse(instantIso));
  const first = new Date(0);
  first.setUTCFullYear(c.year, c.month - 1 + months, 1);
  const [y, m] = [first.getUTCFullYear(), first.getUTCMonth() + 1];
  return new Date(wallMs({ ...c, year: y, month: m, day: Math.min(c.day, daysInMonth(y, m)) }));
}

/*
 * Calendar-date arithmetic (no time of day, no zone) is plain UTC day counting: the deadline and
 * reminder rules step through dozens of days per meeting.
 */
const DAY_MS = 86_400_000;

/** Milliseconds since the epoch of a valid YYYY-MM-DD date at 00:00 UTC, or NaN. */
function utcDay(date: string): number {
  if (!DATE_RE.test(date)) return NaN;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const at = new Date(0);
  at.setUTCFullYear(y, m - 1, d); // setUTCFullYear, unlike Date.UTC, keeps years below 100 as written
  return at.getUTCFullYear() === y && at.getUTCMonth() === m - 1 && at.getUTCDate() === d ? at.getTime() : NaN;
}

function dayOf(date: string): number {
  const t = utcDay(date);
  if (Number.isNaN(t)) throw new RangeError(`"${date}" is not a date in the form YYYY-MM-DD`);
  return t;
}

function isoDay(t: number): string {
  const at = new Date(t);
  return `${String(at.getUTCFullYear()).padStart(4, '0')}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
}

/** Whole calendar days from one date to another (negative if `toDate` is earlier). */
export function daysBetween(fromDate: string, toDate: string): number {
  return Math.round((dayOf(toDate) - dayOf(fromDate)) / DAY_MS);
}

/** Add (or, if negative, subtract) calendar days to a YYYY-MM-DD date. */
export function addDays(date: string, n: number): string {
  return isoDay(dayOf(date) + n * DAY_MS);
}

/** Day of the week of a YYYY-MM-DD date: 1 = Monday … 7 = Sunday (as ISO 8601 counts). */
export function weekdayOf(date: string): number {
  return new Date(dayOf(date)).getUTCDay() || 7;
}

/** True for a real calendar date written YYYY-MM-DD (so not 2022-02-30). */
export function isIsoDate(s: string): boolean {
  return !Number.isNaN(utcDay(s));
}

function daysInMonth(y: number, month: number): number {
  const last = new Date(0);
  last.setUTCFullYear(y, month, 0); // day 0 of the next month
  return last.getUTCDate();
}

/** Years as four digits (0800, 2021). */
function year(y: number): string {
  return String(y).padStart(4, '0');
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
