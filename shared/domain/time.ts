/**
 * Europe/London time helpers.
 *
 * Meetings happen at London wall-clock times, but we store UTC instants
 * (ISO strings ending in Z) so that sorting and comparisons are trivial.
 * Calendar dates (YYYY-MM-DD) are always London dates.
 *
 * Pure: nothing here reads the system clock.
 */
import { DateTime } from 'luxon';

export const LONDON = 'Europe/London';

/** A London wall-clock time that cannot be turned into an instant. */
export class InvalidLocalTimeError extends Error {
  override name = 'InvalidLocalTimeError';
}

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

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
  const zone = offset ? (offset === 'Z' ? 'UTC' : `UTC${offset}`) : LONDON;
  let dt = DateTime.fromObject(parts, { zone });
  if (!dt.isValid) {
    throw new InvalidLocalTimeError(`"${local}" is not a real date and time. Enter a real London date and time, like 2021-12-07T14:00.`);
  }
  if (offset) return toIso(dt);

  // Luxon silently moves gap times forward (01:30 → 02:30 BST); detect that.
  if (dt.hour !== parts.hour || dt.minute !== parts.minute) {
    const when = DateTime.fromObject({ ...parts, minute: 0 }, { zone: 'UTC' });
    throw new InvalidLocalTimeError(
      `${when.toFormat('d LLLL yyyy')} ${pad(parts.hour)}:${pad(parts.minute)} does not exist in London: ` +
        `the clocks go forward at ${pad(parts.hour)}:00. Choose another time.`,
    );
  }
  // Luxon resolves the repeated autumn hour to the later (GMT) instant.
  // London's shift is one hour, so if an hour earlier reads the same on the
  // clock, that earlier (BST) instant is the one we want.
  const earlier = dt.minus({ hours: 1 });
  if (earlier.hour === dt.hour && earlier.minute === dt.minute) dt = earlier;
  return toIso(dt);
}

/** London calendar date (YYYY-MM-DD) of an instant. */
export function londonDate(instantIso: string): string {
  return instant(instantIso).toFormat('yyyy-MM-dd');
}

/** London wall-clock time (YYYY-MM-DDTHH:mm) of an instant; the inverse of parseLondonLocal. */
export function londonLocal(instantIso: string): string {
  return instant(instantIso).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** UTC instant of 23:59:59.999 London time on a date: "by the end of <date>". */
export function endOfLondonDay(date: string): string {
  return toIso(DateTime.fromISO(calendarDate(date).toISODate()!, { zone: LONDON }).endOf('day'));
}

/** e.g. "Tuesday 7 December 2021 at 2pm". */
export function formatLondonDateTime(instantIso: string): string {
  return `${formatLondonDate(instantIso)} at ${formatLondonTime(instantIso)}`;
}

/** e.g. "Tuesday 7 December 2021". Takes a YYYY-MM-DD date or an instant. */
export function formatLondonDate(dateOrInstant: string): string {
  const dt = DATE_RE.test(dateOrInstant) ? calendarDate(dateOrInstant) : instant(dateOrInstant);
  return dt.setLocale('en-GB').toFormat('cccc d LLLL yyyy');
}

/** e.g. "2pm", "2:30pm", "12pm" (noon), "12am" (midnight). */
export function formatLondonTime(instantIso: string): string {
  const dt = instant(instantIso);
  const hour = dt.hour % 12 === 0 ? 12 : dt.hour % 12;
  const minutes = dt.minute === 0 ? '' : `:${pad(dt.minute)}`;
  return `${hour}${minutes}${dt.hour < 12 ? 'am' : 'pm'}`;
}

/*
 * Calendar-date arithmetic (no time of day, no zone) is plain UTC day counting: the deadline and
 * reminder rules step through dozens of days per meeting, and Luxon did that at ~20 µs a step
 * (a meeting's deadlines took 1.1 ms; `npm run bench` measured the handlers' overhead).
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

/** Day of the week of a YYYY-MM-DD date: 1 = Monday … 7 = Sunday (as Luxon and ISO 8601 count). */
export function weekdayOf(date: string): number {
  return new Date(dayOf(date)).getUTCDay() || 7;
}

/** True for a real calendar date written YYYY-MM-DD (so not 2022-02-30). */
export function isIsoDate(s: string): boolean {
  return !Number.isNaN(utcDay(s));
}

// Calendar-date arithmetic is done in UTC so that days are always 24 hours long.
function calendarDate(date: string): DateTime {
  if (!isIsoDate(date)) throw new RangeError(`"${date}" is not a date in the form YYYY-MM-DD`);
  return DateTime.fromISO(date, { zone: 'UTC' });
}

function instant(iso: string): DateTime {
  const dt = DateTime.fromISO(iso, { zone: LONDON });
  if (!dt.isValid) throw new RangeError(`"${iso}" is not an ISO instant`);
  return dt;
}

function toIso(dt: DateTime): string {
  return dt.toJSDate().toISOString();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
