/**
 * Page layer (called by functions/ wiring): scheduling a series of meetings (issue 12 §3). The form
 * (every N weeks from a first date for a count, or a list of dates; a time, place, title and
 * livestream) posts to a preview of every meeting with its deadlines and warnings; the preview's
 * "Create all N meetings" posts the same fields again with `action=create`, which creates all or none.
 */
import { type PageReply, redirect, type PageFn } from '../http/handler.js';
import { createSeries, previewSeries } from '../app/series.js';
import { dateFields, dateItems, field, fieldErrors, type DateParts, type FieldIssue } from '../views/forms.js';
import { ValidationError } from '../domain/errors.js';

export interface SeriesFormValues {
  title: string;
  place: string;
  livestreamUrl: string;
  time: string;
  pattern: string;
  first: DateParts;
  everyWeeks: string;
  count: string;
  dates: string;
}

const blank: SeriesFormValues = { title: 'Community Outcomes Meeting', place: '', livestreamUrl: '', time: '14:00', pattern: '', first: {}, everyWeeks: '', count: '', dates: '' };
const fieldOrder = ['title', 'pattern', 'first', 'everyWeeks', 'count', 'dates', 'time', 'place', 'livestreamUrl'];

const valuesOf = (form: Record<string, string | string[] | undefined>): SeriesFormValues => ({
  title: field(form, 'title'),
  place: field(form, 'place'),
  livestreamUrl: field(form, 'livestreamUrl'),
  time: field(form, 'time'),
  pattern: field(form, 'pattern'),
  first: dateFields(form, 'first'),
  everyWeeks: field(form, 'everyWeeks'),
  count: field(form, 'count'),
  dates: field(form, 'dates'),
});

type Preview = ReturnType<typeof previewSeries>;

export function seriesPage(opts: { values?: SeriesFormValues; issues?: FieldIssue[]; preview?: Preview; status?: number } = {}): PageReply {
  const values = opts.values ?? blank;
  const issues = [...(opts.issues ?? [])].sort((a, b) => fieldOrder.indexOf(a.field) - fieldOrder.indexOf(b.field));
  // A field inside a conditional reveal is linked from the summary; the pattern radios by their first item.
  const errors = fieldErrors(issues, (f) => (f === 'first' ? 'first-day' : f === 'pattern' ? 'pattern' : f));
  const preview = opts.preview?.map((m, i) => ({
    ...m,
    number: i + 1,
    warned: m.warnings.length > 0,
    // A series has one time for every meeting, so it cannot offer the choice the warning mentions.
    warnings: m.warnings.map((w) => (w.kind === 'ambiguous-time' ? { ...w, message: w.message.replace(/ unless you choose the other\.$/, ': to take the other, change this meeting’s time once it is created.') } : w)),
  }));
  return {
    view: 'meeting-series.njk',
    status: opts.status ?? 200,
    data: {
      section: 'meetings',
      values,
      errors,
      firstItems: dateItems('first', values.first, errors.byField.first ? ['day', 'month', 'year'] : []),
      preview,
      warnings: preview?.filter((m) => m.warned).length ?? 0,
      time: preview?.[0]?.startLocal.slice(11, 16),
    },
  };
}

export const showSeriesForm: PageFn<'show-meeting-series'> = async () => seriesPage();

export const submitSeries: PageFn<'submit-meeting-series'> = async ({ form, fields, formIssues, now }) => {
  const values = valuesOf(form);
  if (!fields) return seriesPage({ values, issues: formIssues, status: 400 });
  try {
    const preview = previewSeries(fields.input, now);
    if (fields.action === 'preview') return seriesPage({ values, preview });
    const made = await createSeries(fields.input, now);
    return redirect(`/staff/meetings?scheduled=${made.length}`);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return seriesPage({ values, issues: error.issues, status: 400 });
  }
};
