/**
 * Helpers for the server-rendered forms: reading url-encoded fields, turning validation issues into
 * the GOV.UK error summary and inline messages, parsing the GOV.UK date input, and small labels for
 * tags. Pure: no I/O, no clock.
 */
import type { z } from 'zod';
import type { FieldIssue } from '../domain/errors.js';
import type { EmailStatus } from '../schemas/emails.js';
import { formatLondonDateTime } from '../domain/time.js';

export type { FieldIssue };

// Reading a field is part of a form's schema (shared/schemas/forms.ts, date-input.ts); pages read values with the same helpers.
export { dateFields, field, lines, optional, type FormFields } from '../schemas/forms.js';
import type { DatePart, DateParts } from '../schemas/date-input.js';
export { parseDateParts, parseTime, type DatePart, type DateParts, type DateResult, type TimeResult } from '../schemas/date-input.js';

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

// ---- date input (display; parsing is in shared/schemas/date-input.ts) ----

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

// ---- other fields ----


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

/** One email's state in words, from its record: "Sent 1 November 2021 at 9:00am", "Being sent", "Failed: … ". */
export function emailStateLine(e: { status: EmailStatus; sentAt?: string; error?: string; nextAttemptAt?: string } | undefined, sendAgain = 'Send a new link to send it again.'): string {
  if (!e) return 'Not recorded';
  switch (e.status) {
    case 'sent':
      return `Sent ${formatLondonDateTime(e.sentAt!)}`;
    case 'pending':
    case 'sending':
      return 'Being sent';
    case 'retrying':
      return `Not sent yet: trying again at ${formatLondonDateTime(e.nextAttemptAt!)} (${e.error ?? 'the email service did not answer'})`;
    case 'failed':
      return e.error === 'no-contact' ? 'Not emailed: personal data removed' : `Failed: ${e.error ?? 'unknown error'}.${sendAgain ? ` ${sendAgain}` : ''}`;
    case 'suppressed':
      return `${e.error ?? 'Not sent'}. Change the address to send again.`;
  }
}

/** An email's state as a tag: queued and being sent, sent, trying again, failed, not sent (suppressed). */
export function emailTag(status: EmailStatus): Tag {
  const tags: Record<EmailStatus, Tag> = {
    pending: { text: 'Being sent', classes: 'govuk-tag--light-blue' },
    sending: { text: 'Being sent', classes: 'govuk-tag--light-blue' },
    sent: { text: 'Sent', classes: 'govuk-tag--green' },
    retrying: { text: 'Trying again', classes: 'govuk-tag--orange' },
    failed: { text: 'Failed', classes: 'govuk-tag--red' },
    suppressed: { text: 'Not sent', classes: 'govuk-tag--red' },
  };
  return tags[status];
}
