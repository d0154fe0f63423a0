// A namespace import lets esbuild leave out what we do not use (zod's locales: ~370 KB a bundle).
import * as z from 'zod';
import { isIsoDate } from '../domain/time.js';

/**
 * Characters nobody types: control characters (bar tab and line breaks), unpaired surrogate halves
 * and non-characters. They garble emails and CSV cells, and DynamoDB itself refuses strings that
 * are not valid UTF-8, as an unpaired surrogate is (DynamoDB Local stores them).
 */
const UNTYPEABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufdd0-\ufdef\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
export const typeable = (v: string) => !UNTYPEABLE.test(v);
export const untypeableMessage = (label: string) => `${capitalise(label)} contains characters that cannot be used (control characters or broken ones): type or paste it again`;

/** Trimmed, non-empty text with a length limit and a message that names the field. */
export const text = (label: string, max = 200) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, { error: `Enter ${label}` })
    .max(max, { error: `${capitalise(label)} must be ${max} characters or fewer` })
    .refine(typeable, { error: untypeableMessage(label) });

export const email = (label: string) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .toLowerCase()
    .pipe(z.email({ error: `Enter ${label} in the correct format, like name@example.org` }))
    // Header injection guard: an address never carries line breaks or angle brackets.
    .refine((v) => !/[\r\n<>]/.test(v), { error: `Enter ${label} without line breaks or < >` });

export const isoDate = (label: string) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .refine(isIsoDate, { error: `Enter ${label} as a real date, like 2021-11-15` });

/** London wall-clock time as typed (YYYY-MM-DDTHH:mm); converted to an instant by the domain. */
export const londonLocalTime = (label: string) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, {
      error: `Enter ${label} as a London date and time, like 2021-12-07T14:00`,
    });

export const id = (label: string) =>
  z.string({ error: `Give ${label}` }).regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: `${capitalise(label)} is not a valid id` });

export const url = (label: string) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    // https only (issue 14 §5): a link the office publishes or emails never sends people to plain http.
    .pipe(z.url({ protocol: /^https$/, error: `Enter ${label} as a full web address starting with https://` }));

export const person = (label: string) =>
  z.object({
    name: text(`the ${label}'s name`, 120),
    email: email(`the ${label}'s email address`),
  });

/** Points a paper must cover: one per entry; blank lines dropped. */
export const points = z
  .array(text('each point', 500), { error: 'Give the points as a list' })
  .max(30, { error: 'Give 30 points or fewer' });

export const version = z
  .number({ error: 'Give the version you last read (a whole number)' })
  .int({ error: 'Give the version you last read (a whole number)' })
  .min(1);

function capitalise(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
