/**
 * The form schemas of the page routes that take a POST: each reads the url-encoded fields (a record
 * of string | string[]) as the input they stand for, then checks it with that input's schema, so a
 * form and its JSON twin share one set of rules and messages. `pageRoute` parses every post with its
 * route's schema and hands the handler the result and the field issues, to show the form again.
 */
// A namespace import lets esbuild leave out what we do not use (zod's locales: ~370 KB a bundle).
import * as z from 'zod';
import { AddAgendaItemInput, CancelMeetingInput, CreateActionInput, CreateMeetingInput, CreateRequestInput, CreateSeriesInput, CreateTopicInput, UpdateActionInput, UpdateTopicInput } from './entities.js';
import { CreatePersonInput, UpdatePersonInput } from './people.js';
import { ReminderSwitchesInput } from './reminders.js';
import { AnswerQuestionInput, questionFormSchema, ReviewQuestionInput, type QuestionForm as QuestionFields } from './questions.js';
import { SubmitPaperForm } from './papers.js';
import { actionOwner, ConfirmImportInput } from './minutes-import.js';
import { config } from '../config.js';
import { id, text } from './common.js';
import { dateInput, parseDateParts, parseTime, timeInput, type DateParts } from './date-input.js';

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

/** The date input's fields from a form posted with `namePrefix` (e.g. `date-day`). */
export function dateFields(form: FormFields | undefined, prefix: string): DateParts {
  return { day: field(form, `${prefix}-day`), month: field(form, `${prefix}-month`), year: field(form, `${prefix}-year`) };
}

/** A textarea's lines, trimmed, blank lines dropped: one point per line. */
export function lines(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/** A form schema: the posted fields (as the url-encoded body parser makes them), read by `read` into the shape `schema` checks. */
export const formOf = <T extends z.ZodType>(read: (form: FormFields) => unknown, schema: T) => z.preprocess((body) => read((body ?? {}) as FormFields), schema);

/** What a form that is not ours (no version, a made-up choice) gets: nothing the person can fix. */
const outOfDate = 'The form is out of date. Reload the page and try again.';
export const formVersion = z.coerce.number({ error: outOfDate }).int({ error: outOfDate }).min(1, { error: outOfDate });

/** A post that carries no fields of its own (only the CSRF token, checked before the handler). */
export const NoFieldsForm = formOf(() => ({}), z.object({}));

// ---- sign-in ----

export const SignInForm = formOf(
  (f) => ({ email: field(f, 'email').trim(), password: field(f, 'password') }),
  z.object({ email: z.string().min(1, { error: 'Enter your email address' }), password: z.string().min(1, { error: 'Enter your password' }) }),
);

// ---- planning ----

/**
 * The warnings' confirm step (issue 12 §3): which step posted, "Schedule it anyway" ticked, and which
 * instant of the repeated October hour was chosen (checked against the time by the page).
 */
const warningFields = (f: FormFields) => ({ step: field(f, 'step') || 'form', confirmed: field(f, 'confirmWarnings') === 'yes', startChoice: optional(field(f, 'startChoice')) });
const warningSchema = { step: z.string(), confirmed: z.boolean(), startChoice: z.string().optional() };

/** The fields the schedule and edit forms share: details, the date's three boxes, the time, the warnings' answers. */
const meetingFields = (f: FormFields) => ({
  title: field(f, 'title'),
  place: field(f, 'place'),
  livestreamUrl: optional(field(f, 'livestreamUrl')),
  date: dateFields(f, 'date'),
  time: field(f, 'time'),
  ...warningFields(f),
});

/** A meeting: the date input's three boxes and a start time, read as one London start. */
export const MeetingForm = formOf(
  (f) => meetingFields(f),
  CreateMeetingInput.omit({ start: true })
    .extend({ date: dateInput('Date'), time: timeInput(), ...warningSchema })
    .transform(({ date, time, ...meeting }) => ({ ...meeting, start: `${date}T${time}` })),
);

/** A request's due date on the edit page's confirm step: the default move, keep, or another date (its three boxes). */
export type DueDateField = { choice: 'move' | 'keep' | 'set'; date: DateParts };
const DUE_FIELD = /^due-([0-9A-HJKMNP-TV-Z]{26})$/;

/**
 * Editing a meeting (issue 12 §3): the schedule form's fields with the version read, a livestream
 * link on https only, the step (check, save, or back to edit), the warnings' answers and, on the
 * confirm step, each request's due-date choice (`due-<requestId>`, with `due-<requestId>-date-*`).
 */
export const MeetingEditForm = formOf(
  (f) => ({
    version: field(f, 'version') || undefined,
    ...meetingFields(f),
    dueDates: Object.fromEntries(
      Object.keys(f)
        .map((k) => DUE_FIELD.exec(k)?.[1])
        .filter((id): id is string => id !== undefined)
        .map((id) => [id, { choice: field(f, `due-${id}`), date: dateFields(f, `due-${id}-date`) }]),
    ),
  }),
  CreateMeetingInput.omit({ start: true })
    .extend({
      version: formVersion,
      date: dateInput('Date'),
      time: timeInput(),
      ...warningSchema,
      step: z.enum(['check', 'save', 'edit']).catch('check'),
      dueDates: z.record(z.string(), z.object({ choice: z.enum(['move', 'keep', 'set'], { error: outOfDate }), date: z.custom<DateParts>() })),
    })
    .transform(({ date, time, ...meeting }) => ({ ...meeting, startLocal: `${date}T${time}` })),
);

/** "Mark the meeting as held": the version the page showed. */
export const MeetingHeldForm = formOf((f) => ({ version: field(f, 'version') || undefined }), z.object({ version: formVersion }));

/** A paper request: points one per line (none: the topic's own), a due date in three boxes. */
export const RequestForm = formOf(
  (f) => {
    const points = lines(field(f, 'points'));
    // Each of sponsor and author: a person picked from the list (`<who>-person` = their id), or someone else typed in.
    const who = (w: string) => {
      const picked = field(f, `${w}-person`);
      return picked && picked !== 'new'
        ? { personId: picked }
        : { name: optional(field(f, `${w}-name`)), role: optional(field(f, `${w}-role`)), email: optional(field(f, `${w}-email`)) };
    };
    return {
      topicId: field(f, 'topicId') || undefined,
      sponsor: who('sponsor'),
      author: who('author'),
      points: points.length ? points : undefined,
      dueDate: dateFields(f, 'dueDate'),
    };
  },
  CreateRequestInput.extend({ topicId: z.string({ error: 'Select the topic of the paper' }).pipe(CreateRequestInput.shape.topicId), dueDate: dateInput('Due date') }),
);

/** The topic form offers two of a topic's sources; the meeting is read only when the topic came from its future agenda items. */
export const TopicForm = formOf(
  (f) => {
    const kind = field(f, 'source') || 'staff';
    return {
      title: field(f, 'title'),
      points: lines(field(f, 'points')),
      source: kind === 'future-items' ? { kind, meetingId: field(f, 'meetingId') || undefined } : { kind },
    };
  },
  CreateTopicInput.extend({
    source: z.discriminatedUnion(
      'kind',
      [
        z.object({ kind: z.literal('future-items'), meetingId: z.string({ error: 'Select the meeting whose future agenda items included this topic' }).pipe(id('the meeting')) }),
        z.object({ kind: z.literal('staff') }),
      ],
      { error: 'Select where the topic came from' },
    ),
  }),
);

export const AgendaMoveForm = formOf(
  (f) => ({ direction: field(f, 'direction'), version: field(f, 'version') || undefined }),
  z.object({ direction: z.enum(['up', 'down'], { error: 'Choose whether to move the item up or down' }), version: formVersion }),
);

/** An optional date in three boxes: all blank is no date (undefined), anything typed must be a real date. */
const optionalDateInput = (label: string) =>
  z.custom<DateParts>().transform((parts, ctx) => {
    if (!parts || [parts.day, parts.month, parts.year].every((p) => !p?.trim())) return undefined;
    const result = dateInput(label).safeParse(parts);
    if (result.success) return result.data;
    ctx.addIssue({ code: 'custom', message: result.error.issues[0]!.message });
    return z.NEVER;
  });

export const ActionForm = formOf(
  (f) => ({ text: field(f, 'text'), owner: field(f, 'owner'), targetDate: dateFields(f, 'targetDate'), agendaItemId: optional(field(f, 'agendaItemId')) }),
  CreateActionInput.extend({ targetDate: optionalDateInput('Target date') }),
);

/** The update form shows the target date: boxes left blank clear it (null). */
export const ActionUpdateForm = formOf(
  (f) => ({
    version: Number(field(f, 'version')) || undefined,
    status: field(f, 'status') || undefined,
    note: optional(field(f, 'note')),
    targetDate: dateFields(f, 'targetDate'),
  }),
  UpdateActionInput.extend({ targetDate: optionalDateInput('Target date').transform((d) => d ?? null) }),
);

// ---- topics, people and verbal items (issue 12 §3) ----

/** A verbal update or presentation: on an open topic (chosen from a list), or else free-standing with a title. */
export const AgendaItemForm = formOf(
  (f) => {
    const topicId = field(f, 'topicId');
    return {
      version: Number(field(f, 'version')) || undefined,
      format: field(f, 'format') || undefined,
      ...(topicId ? { topicId } : { title: field(f, 'title') }),
      presenter: optional(field(f, 'presenter')),
    };
  },
  z.object({
    version: formVersion,
    format: AddAgendaItemInput.shape.format,
    topicId: AddAgendaItemInput.shape.topicId,
    title: z.string().optional().pipe(text('a title, or choose a topic', 200).optional()),
    presenter: AddAgendaItemInput.shape.presenter,
  }).refine((v) => v.topicId !== undefined || v.title !== undefined, { path: ['title'], error: 'Enter a title, or choose a topic' }),
);

/** Editing a topic: save its title and points, close it with a reason, or reopen it (chosen by the button). */
export const TopicEditForm = formOf(
  (f) => {
    const action = field(f, 'action') || 'save';
    return {
      version: Number(field(f, 'version')) || undefined,
      action,
      ...(action === 'save' ? { title: field(f, 'title'), points: lines(field(f, 'points')) } : {}),
      ...(action === 'close' ? { reason: field(f, 'reason') } : {}),
    };
  },
  z
    .object({
      version: formVersion,
      action: z.enum(['save', 'close', 'reopen'], { error: outOfDate }),
      title: UpdateTopicInput.shape.title,
      points: UpdateTopicInput.shape.points,
      reason: z.string().optional(),
    })
    .superRefine((v, ctx) => {
      if (v.action === 'save' && v.title === undefined) ctx.addIssue({ code: 'custom', path: ['title'], message: 'Enter a title' });
      if (v.action === 'close' && !v.reason?.trim()) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Enter why the topic is closed' });
      if (v.action === 'close' && (v.reason?.trim().length ?? 0) > 500) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'The reason must be 500 characters or fewer' });
    })
    .transform(({ action, version, title, points, reason }) =>
      action === 'save' ? { version, title, points } : action === 'close' ? { version, status: 'closed' as const, reason: reason!.trim() } : { version, status: 'open' as const },
    ),
);

export const PersonForm = formOf(
  (f) => ({ name: field(f, 'name'), role: optional(field(f, 'role')), email: field(f, 'email') }),
  CreatePersonInput,
);

/** Editing a person: every field is sent; a blank role clears it. */
export const PersonEditForm = formOf(
  (f) => ({ version: Number(field(f, 'version')) || undefined, name: field(f, 'name'), role: optional(field(f, 'role')) ?? null, email: field(f, 'email') }),
  UpdatePersonInput.extend({ version: formVersion, name: CreatePersonInput.shape.name, email: CreatePersonInput.shape.email }),
);

// ---- papers ----

export const paperDecisions = ['accept', 'return', 'publish', 'reissue', 'withdraw'] as const;

/** The request page's decisions, chosen by `decision`; returning a paper needs comments for the author. */
export const PaperDecisionForm = formOf(
  (f) => {
    const version = field(f, 'version');
    return { decision: field(f, 'decision') || undefined, comments: field(f, 'comments'), version: /^\d+$/.test(version) ? Number(version) : undefined };
  },
  z
    .object({
      decision: z.enum(paperDecisions, { error: 'Choose what to do with the paper' }),
      comments: z.string(),
      version: z.number().int().min(1).optional(),
    })
    .refine((d) => d.decision !== 'return' || d.comments.trim() !== '', { path: ['comments'], error: 'Enter the comments for the author' }),
);

export const AgendaPublicationForm = formOf((f) => ({ confirm: field(f, 'confirm') === 'yes' }), z.object({ confirm: z.boolean() }));

/** The author's confirm form: the checked upload, the points it covers (ticked by position) and a summary. */
export const PaperForm = formOf(
  (f) => ({ upload: field(f, 'upload'), points: f.points === undefined ? [] : [f.points].flat(), summary: field(f, 'summary') }),
  SubmitPaperForm,
);

// ---- reminders ----

/** Every value of a repeated field (checkboxes, hidden lists), in order, without blanks. */
function fieldValues(form: FormFields | undefined, name: string): string[] {
  const v = form?.[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((x) => x.trim()).filter(Boolean);
}

/**
 * The reminders page's one form of checkboxes, ticked = on: `kinds` and `recipients` are the ticked
 * ones; `kindsListed` and `recipientsListed` (hidden) name every box the form showed, so an unticked
 * box is a switch off. The form always lists the kinds: a post without them is not this form (400).
 */
export const ReminderSwitchForm = formOf((f) => {
  const on = { kinds: new Set(fieldValues(f, 'kinds')), recipients: new Set(fieldValues(f, 'recipients').map((e) => e.toLowerCase())) };
  const kinds = new Set([...fieldValues(f, 'kindsListed'), ...on.kinds]);
  const recipients = new Set([...fieldValues(f, 'recipientsListed').map((e) => e.toLowerCase()), ...on.recipients]);
  return {
    switches: [
      ...[...kinds].map((kind) => ({ kind, off: !on.kinds.has(kind) })),
      ...[...recipients].map((recipient) => ({ recipient, off: !on.recipients.has(recipient) })),
    ],
  };
}, ReminderSwitchesInput.refine((v) => v.switches.some((s) => s.kind), { error: outOfDate, path: ['kinds'] }));

// ---- questions ----

/** The public question form. Its word limit is an office setting, so the schema is built for the setting in force. */
const questionSchemas = new Map<number, ReturnType<typeof questionFormSchema>>();
function questionSchema() {
  const limit = config().QUESTION_WORD_LIMIT;
  let schema = questionSchemas.get(limit);
  if (!schema) questionSchemas.set(limit, (schema = questionFormSchema(limit)));
  return schema;
}

export const QuestionForm = formOf(
  (f) => ({
    name: field(f, 'name'),
    email: field(f, 'email'),
    district: field(f, 'district') || undefined,
    question: field(f, 'question'),
    publishName: field(f, 'publishName') === 'yes',
  }),
  z.unknown().transform((input, ctx): QuestionFields => {
    const result = questionSchema().safeParse(input);
    if (result.success) return result.data;
    for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    return z.NEVER;
  }),
);

/** The review form: each outcome has its own fields, of which only the chosen outcome's are read. */
export const ReviewForm = formOf((f) => {
  const outcome = field(f, 'outcome');
  const rejectNote = field(f, 'rejectNote');
  return {
    version: Number(field(f, 'version')),
    outcome: outcome || undefined,
    ...(outcome === 'accept' && field(f, 'agendaItemId') ? { agendaItemId: field(f, 'agendaItemId') } : {}),
    // A typed reference wins over the list of recent accepted questions.
    ...(outcome === 'group' ? (field(f, 'leadReference').trim() ? { leadReference: field(f, 'leadReference') } : { leadId: field(f, 'leadId') || undefined }) : {}),
    ...(outcome === 'redirect' ? { note: field(f, 'redirectNote') } : {}),
    ...(outcome === 'reject' ? { reason: field(f, 'reason') || undefined, ...(rejectNote.trim() ? { note: rejectNote } : {}) } : {}),
  };
}, ReviewQuestionInput);

export const AnswerForm = formOf(
  (f) => ({ version: Number(field(f, 'version')), mode: field(f, 'mode') || undefined, text: field(f, 'text'), livestreamAt: optional(field(f, 'livestreamAt')) }),
  AnswerQuestionInput,
);

// ---- the staff home (issue 12 §1) ----

/** "Send a reminder now": the click's one-time key (minted with the page), so a repeated post sends nothing more. */
export const RemindNowForm = formOf(
  (f) => ({ key: field(f, 'key') }),
  z.object({ key: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { error: outOfDate }) }),
);

/** "Send again" of a failed email (issue 14 §1): the email's reference as the staff home drew it. */
export const EmailResendForm = formOf(
  (f) => ({ email: field(f, 'email') }),
  z.object({ email: z.string().regex(/^[A-Za-z0-9_-]{8,800}$/, { error: outOfDate }) }),
);

// ---- cancelling a meeting and scheduling a series (issue 12 §3) ----

/** Cancel a meeting: the version the page showed, the reason, and what becomes of the open questions. */
export const CancelMeetingForm = formOf(
  (f) => ({ version: field(f, 'version') || undefined, reason: field(f, 'reason'), questions: field(f, 'questions') || undefined }),
  CancelMeetingInput.extend({ version: formVersion }),
);

/** One date of the series form's list (a line, or separated by commas): 7/12/2021, 7-12-2021 or 2021-12-07 (anything else is kept, and refused by the schema). */
export function seriesDate(line: string): string {
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(line);
  if (dmy) {
    const parsed = parseDateParts({ day: dmy[1], month: dmy[2], year: dmy[3] });
    return parsed.ok ? parsed.date : line;
  }
  return line;
}

export const seriesPatterns = ['every', 'dates'] as const;

/**
 * Schedule a series (every N weeks from a first date for a count, or a list of dates, one a line),
 * read into the API's input (`CreateSeriesInput`, whose rules and messages apply), and whether to
 * preview it or create it. Issues name the form's fields (`first`, `everyWeeks`, `count`, `dates`).
 */
export const SeriesForm = formOf(
  (f) => {
    const pattern = field(f, 'pattern');
    const time = parseTime(field(f, 'time'));
    const whole = (name: string) => (/^\s*\d+\s*$/.test(field(f, name)) ? Number(field(f, name)) : field(f, name).trim() === '' ? undefined : NaN);
    const first = parseDateParts(dateFields(f, 'first'), 'The first date');
    // What a repeating series leaves blank, said per field (the API's rule names all three at once).
    const missing =
      pattern === 'every'
        ? [
            ...(first.ok ? [] : [{ field: 'first', message: first.message }]),
            ...(whole('everyWeeks') === undefined ? [{ field: 'everyWeeks', message: 'Enter how many weeks apart the meetings are' }] : []),
            ...(whole('count') === undefined ? [{ field: 'count', message: 'Enter how many meetings to create' }] : []),
          ]
        : [];
    return {
      action: field(f, 'action') || 'preview',
      pattern: pattern || undefined,
      missing,
      input: {
        title: field(f, 'title'),
        place: field(f, 'place'),
        livestreamUrl: optional(field(f, 'livestreamUrl')),
        time: time.ok ? time.time : field(f, 'time').trim(),
        ...(pattern === 'dates' ? { dates: field(f, 'dates').split(/[\r\n,;]+/).map((d) => d.trim()).filter(Boolean).map(seriesDate) } : {}),
        ...(pattern === 'every' ? { first: first.ok ? first.date : undefined, everyWeeks: whole('everyWeeks'), count: whole('count') } : {}),
      },
    };
  },
  z
    .object({
      action: z.enum(['preview', 'create'], { error: outOfDate }),
      pattern: z.enum(seriesPatterns, { error: 'Choose how the meetings repeat: every few weeks, or a list of dates' }),
      missing: z.array(z.object({ field: z.string(), message: z.string() })),
      input: z.unknown(),
    })
    .transform((v, ctx) => {
      for (const m of v.missing) ctx.addIssue({ code: 'custom', path: [m.field], message: m.message });
      const result = CreateSeriesInput.safeParse(v.input);
      if (result.success && !v.missing.length) return { action: v.action, pattern: v.pattern, input: result.data };
      const said = new Set(v.missing.map((m) => m.field));
      for (const issue of result.error?.issues ?? []) {
        const [name = 'pattern'] = issue.path.map(String);
        if (said.has(name) || (v.missing.length && /^(A repeating series needs|Give either)/.test(issue.message))) continue;
        said.add(name);
        ctx.addIssue({ code: 'custom', path: [name], message: issue.message });
      }
      return z.NEVER;
    }),
);

// ---- importing past minutes (issue 13 §4) ----

/** "Name – Role, Organisation" (a line of an attendance textarea) → an attendee. */
export function attendeeLine(line: string) {
  const [, name = line, rest = ''] = /^(.+?)\s+[–—-]\s+(.+)$/.exec(line) ?? [];
  const comma = rest.lastIndexOf(',');
  return { name, role: (comma > 0 ? rest.slice(0, comma) : rest).trim() || undefined, organisation: comma > 0 ? rest.slice(comma + 1).trim() : undefined };
}

/**
 * The review form of an import: every field of the proposal, edited. Agenda items are posted as
 * `items.N.title`, `items.N.notes`, `items.N.actions` (one action a line; the owner read from its
 * start, "WYP to ..."), attendance one person a line.
 */
export const ConfirmImportForm = formOf(
  (f) => {
    const v = (name: string) => field(f, name);
    const who = (name: string) => lines(v(name)).map(attendeeLine);
    return {
      importKey: v('importKey'), title: v('title'), date: dateFields(f, 'date'), startTime: v('startTime'), place: v('place'), status: v('status') || undefined,
      attendance: { present: who('present'), alsoPresent: who('alsoPresent'), apologies: who('apologies') },
      items: Array.from({ length: Math.min(+v('itemCount') || 0, 60) }, (_, n) => ({
        title: v(`items.${n}.title`), notes: v(`items.${n}.notes`), actions: lines(v(`items.${n}.actions`)).map((text) => ({ text, owner: actionOwner(text) })),
      })).filter((i) => i.title || i.notes || i.actions.length),
      futureItems: lines(v('futureItems')), futureItemsNote: optional(v('futureItemsNote')),
    };
  },
  ConfirmImportInput.extend({ date: dateInput('Date'), startTime: timeInput() }),
);
