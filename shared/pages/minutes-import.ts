/**
 * Page layer (called by functions/ wiring): importing past minutes (issue 13 §4). The upload form,
 * the review form (the proposal, every field editable; nothing saved) and its confirm. Reading a
 * file is in minutes-import-upload.ts, the only page module that carries mammoth.
 */
import { type PageFn, type PageReply, redirect } from '../http/handler.js';
import { confirmImport } from '../app/minutes-import-confirm.js';
import { ConflictError, ValidationError } from '../domain/errors.js';
import type { ImportedAttendee, MinutesProposal, NotPlaced } from '../schemas/minutes-import.js';
import { field, fieldErrors, lines, type FieldIssue, type FormFields } from '../views/forms.js';

export interface ReviewValues {
  importKey: string;
  title: string;
  date: { day: string; month: string; year: string };
  startTime: string;
  endTime: string;
  place: string;
  status: string;
  present: string;
  alsoPresent: string;
  apologies: string;
  items: { title: string; notes: string; actions: string }[];
  futureItems: string;
  futureItemsNote: string;
  nextMeeting: string;
  notPlaced: NotPlaced[];
  warnings: string[];
}

const personLine = (a: ImportedAttendee) => {
  const rest = [a.role, a.organisation].filter(Boolean).join(', ');
  return rest ? `${a.name} – ${rest}` : a.name;
};

/** The parser's proposal as the review form's values. */
export function reviewValues(importKey: string, p: MinutesProposal): ReviewValues {
  const [year = '', month = '', day = ''] = p.date?.split('-') ?? [];
  return {
    importKey,
    title: p.title,
    date: { day: day.replace(/^0/, ''), month: month.replace(/^0/, ''), year },
    startTime: p.startTime ?? '',
    endTime: p.endTime ?? '',
    place: p.place ?? '',
    status: '',
    present: p.attendance.present.map(personLine).join('\n'),
    alsoPresent: p.attendance.alsoPresent.map(personLine).join('\n'),
    apologies: p.attendance.apologies.map(personLine).join('\n'),
    items: p.items.map((i) => ({ title: i.title, notes: i.notes, actions: i.actions.map((a) => a.text).join('\n') })),
    futureItems: p.futureItems.join('\n'),
    futureItemsNote: p.futureItemsNote ?? '',
    nextMeeting: p.nextMeeting ?? '',
    notPlaced: p.notPlaced,
    warnings: p.warnings,
  };
}

/** The review form's values as posted (to show it again with its errors). */
function postedValues(form: FormFields): ReviewValues {
  const count = Math.min(Number(field(form, 'itemCount')) || 0, 60);
  const json = <T>(name: string, fallback: T): T => {
    try {
      return JSON.parse(field(form, name) || 'null') ?? fallback;
    } catch {
      return fallback;
    }
  };
  return {
    importKey: field(form, 'importKey'),
    title: field(form, 'title'),
    date: { day: field(form, 'date-day'), month: field(form, 'date-month'), year: field(form, 'date-year') },
    startTime: field(form, 'startTime'),
    endTime: field(form, 'endTime'),
    place: field(form, 'place'),
    status: field(form, 'status'),
    present: field(form, 'present'),
    alsoPresent: field(form, 'alsoPresent'),
    apologies: field(form, 'apologies'),
    items: Array.from({ length: count }, (_, n) => ({ title: field(form, `items.${n}.title`), notes: field(form, `items.${n}.notes`), actions: field(form, `items.${n}.actions`) })),
    futureItems: field(form, 'futureItems'),
    futureItemsNote: field(form, 'futureItemsNote'),
    nextMeeting: field(form, 'nextMeeting'),
    notPlaced: json<NotPlaced[]>('notPlacedJson', []),
    warnings: json<string[]>('warningsJson', []),
  };
}

const issueId = (f: string) => (f === 'date' ? 'date-day' : f === 'status' ? 'status' : f.replace(/\./g, '-'));

export function reviewPage(values: ReviewValues, opts: { issues?: FieldIssue[]; asks?: FieldIssue[]; problem?: string; status?: number } = {}): PageReply {
  return {
    view: 'minutes-import-review.njk',
    status: opts.status ?? 200,
    data: {
      section: 'meetings',
      values,
      notPlacedJson: JSON.stringify(values.notPlaced),
      warningsJson: JSON.stringify(values.warnings),
      actionCount: values.items.reduce((n, i) => n + lines(i.actions).length, 0),
      futureCount: lines(values.futureItems).length,
      asks: opts.asks ?? [],
      errors: fieldErrors(opts.issues ?? [], issueId),
      problem: opts.problem,
    },
  };
}

export function uploadPage(opts: { text?: string; problem?: string; issues?: FieldIssue[]; status?: number } = {}): PageReply {
  return {
    view: 'minutes-import.njk',
    status: opts.status ?? 200,
    data: { section: 'meetings', values: { text: opts.text ?? '' }, problem: opts.problem, errors: fieldErrors(opts.issues ?? []) },
  };
}

export const showMinutesImport: PageFn<'show-minutes-import'> = async () => uploadPage();

export const submitMinutesImportConfirm: PageFn<'submit-minutes-import-confirm'> = async ({ form, fields, formIssues, user, now }) => {
  if (!fields) return reviewPage(postedValues(form), { issues: formIssues, status: 400 });
  try {
    const { meeting } = await confirmImport(fields, user.email, now);
    return redirect(`/staff/meetings/${meeting.id}`);
  } catch (error) {
    if (error instanceof ValidationError) return reviewPage(postedValues(form), { issues: error.issues.length ? error.issues : [{ field: 'title', message: error.message }], status: 400 });
    if (error instanceof ConflictError) return reviewPage(postedValues(form), { problem: error.message, status: 409 });
    throw error;
  }
};
