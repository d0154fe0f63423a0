/**
 * The form schemas of the page routes that take a POST: each reads the url-encoded fields (a record
 * of string | string[]) as the input they stand for, then checks it with that input's schema, so a
 * form and its JSON twin share one set of rules and messages. `pageRoute` parses every post with its
 * route's schema and hands the handler the result and the field issues, to show the form again.
 */
// A namespace import lets esbuild leave out what we do not use (zod's locales: ~370 KB a bundle).
import * as z from 'zod';
import { CreateActionInput, UpdateActionInput } from './entities.js';
import { ReminderSwitchInput } from './reminders.js';

/** A url-encoded form as the page chain hands it over: repeated fields become arrays. */
export type FormFields = Record<string, string | string[] | undefined>;

/** One field of a form as a string ('' when missing; the first value when repeated). */
export function field(form: FormFields | undefined, name: string): string {
  const v = form?.[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

/** The trimmed value, or undefined when blank (for optional inputs). */
export function optional(value: string | undefined): string | undefined {
  const t = value?.trim();
  return t ? t : undefined;
}

/** A form schema: the posted fields (as the url-encoded body parser makes them), read by `read` into the shape `schema` checks. */
export const formOf = <T extends z.ZodType>(read: (form: FormFields) => unknown, schema: T) => z.preprocess((body) => read((body ?? {}) as FormFields), schema);

/** What a form that is not ours (no version, a made-up choice) gets: nothing the person can fix. */
const outOfDate = 'The form is out of date. Reload the page and try again.';
const formVersion = z.coerce.number({ error: outOfDate }).int({ error: outOfDate }).min(1, { error: outOfDate });

// ---- planning ----

export const AgendaMoveForm = formOf(
  (f) => ({ direction: field(f, 'direction'), version: field(f, 'version') || undefined }),
  z.object({ direction: z.enum(['up', 'down'], { error: 'Choose whether to move the item up or down' }), version: formVersion }),
);

export const ActionForm = formOf((f) => ({ text: field(f, 'text'), owner: field(f, 'owner') }), CreateActionInput);

export const ActionUpdateForm = formOf(
  (f) => ({ version: Number(field(f, 'version')) || undefined, status: field(f, 'status') || undefined, note: optional(field(f, 'note')) }),
  UpdateActionInput,
);

// ---- papers ----

export const AgendaPublicationForm = formOf((f) => ({ confirm: field(f, 'confirm') === 'yes' }), z.object({ confirm: z.boolean() }));

// ---- reminders ----

export const ReminderSwitchForm = formOf(
  (f) => ({ kind: field(f, 'kind') || undefined, recipient: field(f, 'recipient') || undefined, off: field(f, 'off') === 'true' }),
  ReminderSwitchInput,
);
