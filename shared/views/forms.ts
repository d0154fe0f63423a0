/**
 * Helpers for the server-rendered forms: reading url-encoded fields, turning validation issues into
 * the GOV.UK error summary and inline messages, parsing the GOV.UK date input, and small labels for
 * tags. Pure: no I/O, no clock.
 */
import type { z } from 'zod';
import type { FieldIssue } from '../domain/errors.js';
import { isIsoDate } from '../domain/time.js';

export type { FieldIssue };

// Reading a field is part of a form's schema (shared/schemas/forms.ts); pages read values with the same helpers.
import { field, type FormFields } from '../schemas/forms.js';
export { field, optional, type FormFields } from '../schemas/forms.js';

// ---- errors ----

export interface ErrorSummaryItem {
  text: string;
  href: string;
}
export interface FieldErrors {
  /** For govukErrorSummary's errorList, in the order the fields were reported. */
  summary: ErrorSummaryItem[];
  /** For each field's errorMessage, keyed by field name (e.g. `author.email`). */
  byField: Record<string, { text: string }>;
}

/** The HTML id of a field: dots become hyphens (`author.email` → `author-email`). */
export const defaultFieldId = (name: string) => name.replace(/\./g, '-');

/**
 * Validation issues → the error summary (links to each field's id) and one message per field
 * (the first reported). `idOf` maps a field name to its input's id (a date input links to its
 * first box, e.g. `date-day`).
 */
export function fieldErrors(issues: readonly FieldIssue[], idOf: (field: string) => string = defaultFieldId): FieldErrors {
  const summary: ErrorSummaryItem[] = [];
  const byField: Record<string, { text: string }> = {};
  for (const issue of issues) {
    if (byField[issue.field]) continue;
    byField[issue.field] = { text: issue.message };
    summary.push({ text: issue.message, href: `#${idOf(issue.field)}` });
  }
  return { summary, byField };
}

export const noErrors = (): FieldErrors => ({ summary: [], byField: {} });

/** zod issues as field issues; `rename` maps a schema path (e.g. `points.3`) to a form field. */
export function zodIssues(error: z.ZodError, rename: (path: string) => string = (p) => p): FieldIssue[] {
  return error.issues.map((i) => ({ field: rename(i.path.map(String).join('.')), message: i.message }));
}

// ---- date input (day / month / year) ----

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

/** The date input's fields from a form posted with `namePrefix` (e.g. `date-day`). */
export function dateFields(form: FormFields | undefined, prefix: string): DateParts {
  return { day: field(form, `${prefix}-day`), month: field(form, `${prefix}-month`), year: field(form, `${prefix}-year`) };
}

/** A YYYY-MM-DD date as the date input's values (for prefilling). */
export function datePartsOf(iso: string | undefined): DateParts {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return m ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1] } : {};
}

/** The date input's `items`, with the boxes in error marked. */
export function dateItems(prefix: string, values: DateParts, errorParts: readonly DatePart[] = []) {
  return (['day', 'month', 'year'] as const).map((p) => ({
    name: p,
    label: p.charAt(0).toUpperCase() + p.slice(1),
    value: values[p] ?? '',
    classes: `govuk-input--width-${p === 'year' ? 4 : 2}${errorParts.includes(p) ? ' govuk-input--error' : ''}`,
    id: `${prefix}-${p}`,
  }));
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

// ---- other fields ----

/** A textarea with one entry per line → the entries, trimmed, blank lines dropped. */
export function lines(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/**
 * `next` / `returnTo` only when it is a path on this site: starts with one `/`, and is not
 * `//host` or `/\host` (which browsers treat as another site). Control characters and
 * backslashes anywhere are refused too (browsers drop tabs and newlines, and read `\` as `/`).
 */
export function safeLocalPath(next: string | undefined | null, fallback = '/staff/meetings'): string {
  if (typeof next !== 'string' || next.length > 2000) return fallback;
  if (!next.startsWith('/') || next.startsWith('//')) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return fallback;
  return next;
}

/** True when safeLocalPath would keep it. */
export const isSafeLocalPath = (next: string | undefined | null) => safeLocalPath(next, '') !== '';

// ---- tags and labels ----

export interface Tag {
  text: string;
  classes?: string;
}

const tagClasses: Record<string, Record<string, string | undefined>> = {
  meeting: { planned: undefined, 'agenda-published': 'govuk-tag--turquoise', held: 'govuk-tag--grey', cancelled: 'govuk-tag--red' },
  topic: { open: undefined, scheduled: 'govuk-tag--turquoise', reported: 'govuk-tag--green', closed: 'govuk-tag--grey' },
  request: {
    requested: 'govuk-tag--purple',
    submitted: 'govuk-tag--turquoise',
    returned: 'govuk-tag--orange',
    accepted: 'govuk-tag--green',
    published: 'govuk-tag--teal',
    withdrawn: 'govuk-tag--grey',
  },
  action: { open: undefined, ongoing: 'govuk-tag--yellow', completed: 'govuk-tag--green' },
  // GOV.UK Frontend 6's default tag is blue: "due" has no modifier.
  timeliness: { 'on time': 'govuk-tag--green', late: 'govuk-tag--orange', overdue: 'govuk-tag--red', due: undefined, withdrawn: 'govuk-tag--grey' },
};

/** "agenda-published" → "Agenda published". */
export const humanise = (value: string) => {
  const s = value.replace(/-/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
};

/** The govukTag parameters for a status of a kind of thing. */
export function tag(kind: keyof typeof tagClasses, value: string): Tag {
  const classes = tagClasses[kind]?.[value];
  return classes ? { text: humanise(value), classes } : { text: humanise(value) };
}

/** Days to a due date: "3 days left", "1 day left", "due today", "2 days overdue"; '' when not awaited. */
export function daysLeftText(daysLeft: number | null | undefined): string {
  if (daysLeft === null || daysLeft === undefined) return '';
  if (daysLeft === 0) return 'due today';
  const n = Math.abs(daysLeft);
  const days = `${n} ${n === 1 ? 'day' : 'days'}`;
  return daysLeft > 0 ? `${days} left` : `${days} overdue`;
}

function pad(n: number) {
  return String(n).padStart(2, '0');
}
