/**
 * Reading what people type into dates and times: the GOV.UK date input's three boxes and a start
 * time in the forms people write it. Pure; the form schemas (forms.ts) use `dateInput` and
 * `timeInput`, and pages use the parsers to mark which boxes are wrong.
 */
import * as z from 'zod';
import { isIsoDate } from '../domain/time.js';

export interface DateParts {
  day?: string;
  month?: string;
  year?: string;
}

export type DatePart = 'day' | 'month' | 'year';

export type DateResult =
  | { ok: true; date: string }
  | { ok: false; message: string; parts: DatePart[] };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function monthNumber(s: string): number | undefined {
  if (/^\d{1,2}$/.test(s)) return Number(s);
  const name = s.toLowerCase();
  if (name.length < 3) return undefined;
  const i = MONTHS.findIndex((m) => name.startsWith(m));
  // "sept" and full names ("december") are fine; the name must still be a real month name.
  const full = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
  if (i < 0 || !(full[i]!.startsWith(name) || name === 'sept')) return undefined;
  return i + 1;
}

/**
 * The GOV.UK date input's three boxes → YYYY-MM-DD, with the messages the design system
 * recommends: "Date must include a month", "Date must be a real date", "Year must include 4 numbers".
 * `label` starts the message ("Date", "Due date").
 */
export function parseDateParts(parts: DateParts, label = 'Date'): DateResult {
  const day = (parts.day ?? '').trim();
  const month = (parts.month ?? '').trim();
  const year = (parts.year ?? '').trim();
  const missing = (['day', 'month', 'year'] as const).filter((p) => !{ day, month, year }[p]);
  if (missing.length === 3) return { ok: false, message: `Enter the ${label.toLowerCase()}`, parts: ['day', 'month', 'year'] };
  if (missing.length) {
    const named = missing.length === 2 ? `${missing[0]} and ${missing[1]}` : missing[0];
    return { ok: false, message: `${label} must include a ${named}`, parts: [...missing] };
  }
  const bad: DatePart[] = [];
  const m = monthNumber(month);
  if (!/^\d{1,2}$/.test(day)) bad.push('day');
  if (m === undefined) bad.push('month');
  if (!/^\d+$/.test(year)) bad.push('year');
  if (bad.length) return { ok: false, message: `${label} must be a real date`, parts: bad };
  if (year.length !== 4) return { ok: false, message: 'Year must include 4 numbers', parts: ['year'] };
  const iso = `${year}-${String(m).padStart(2, '0')}-${day.padStart(2, '0')}`;
  if (!isIsoDate(iso)) {
    const dayOk = Number(day) >= 1 && Number(day) <= 31;
    const monthOk = m! >= 1 && m! <= 12;
    return { ok: false, message: `${label} must be a real date`, parts: !monthOk ? ['month'] : dayOk ? ['day', 'month', 'year'] : ['day'] };
  }
  return { ok: true, date: iso };
}


// ---- time ----

export type TimeResult = { ok: true; time: string } | { ok: false; message: string };

/** A start time as typed: "14:00", "14.00", "1400", "9:30", also "2pm" / "2:30pm" → "HH:mm". */
export function parseTime(input: string | undefined, label = 'the start time'): TimeResult {
  const s = (input ?? '').trim().toLowerCase().replace(/\s+/g, '');
  if (!s) return { ok: false, message: `Enter ${label}` };
  const wrong = { ok: false as const, message: `Enter ${label} in the 24-hour clock, like 14:00` };
  let m = /^(\d{1,2})(?:[:.]?(\d{2}))?(am|pm)$/.exec(s);
  if (m) {
    const h = Number(m[1]);
    const min = Number(m[2] ?? '0');
    if (h < 1 || h > 12 || min > 59) return wrong;
    const hour = (h % 12) + (m[3] === 'pm' ? 12 : 0);
    return { ok: true, time: `${pad(hour)}:${pad(min)}` };
  }
  m = /^(\d{1,2})[:.](\d{2})$/.exec(s) ?? /^(\d{2})(\d{2})$/.exec(s);
  if (!m) return wrong;
  const hour = Number(m[1]);
  const min = Number(m[2]);
  if (hour > 23 || min > 59) return wrong;
  return { ok: true, time: `${pad(hour)}:${pad(min)}` };
}

function pad(n: number) {
  return String(n).padStart(2, '0');
}

/** A form schema's date: the three boxes read by `dateFields`, to YYYY-MM-DD or the GOV.UK message. */
export const dateInput = (label: string) =>
  z.custom<DateParts>().transform((parts, ctx) => {
    const result = parseDateParts(parts, label);
    if (result.ok) return result.date;
    ctx.addIssue({ code: 'custom', message: result.message });
    return z.NEVER;
  });

/** A form schema's time of day, as `parseTime` reads it, to HH:mm. */
export const timeInput = (label?: string) =>
  z.string().transform((typed, ctx) => {
    const result = parseTime(typed, label);
    if (result.ok) return result.time;
    ctx.addIssue({ code: 'custom', message: result.message });
    return z.NEVER;
  });
