/** Page layer (called by functions/ wiring): The staff meetings list and the form that schedules a meeting. */
import { type PageReply, redirect, type PageFn } from '../http/handler.js';
import { dateItems, fieldErrors, tag, type DatePart, type DateParts, type FieldIssue, dateFields, field, parseDateParts } from '../views/forms.js';
import { createMeetings, meetingsFrom } from '../app/planning.js';
import { ValidationError, type FieldIssue as Issue } from '../domain/errors.js';
import { deadlinesOf, startInstant } from '../domain/meetings.js';
import { deadlineSettings } from '../app/planning.js';
import { chosenStart, needsConfirmation, warningsOf, warningsView } from './meeting-warnings.js';

export interface MeetingFormValues {
  title: string;
  date: DateParts;
  time: string;
  place: string;
  livestreamUrl: string;
}

const blank: MeetingFormValues = { title: 'Community Outcomes Meeting', date: {}, time: '', place: '', livestreamUrl: '' };

/** The meetings list (upcoming first, then past, most recent first) and the schedule form. */
export async function meetingsPage(
  now: Date,
  form: { values?: MeetingFormValues; issues?: FieldIssue[]; dateParts?: DatePart[]; status?: number; scheduled?: number } = {},
): Promise<PageReply> {
  const all = await meetingsFrom(undefined, now);
  const at = now.toISOString();
  const row = (m: (typeof all)[number]) => ({ ...m, statusTag: tag('meeting', m.status) });
  const dateParts = form.dateParts ?? [];
  const errors = fieldErrors(form.issues ?? [], (f) => (f === 'date' ? `date-${dateParts[0] ?? 'day'}` : f));
  const values = form.values ?? blank;
  return {
    view: 'meetings.njk',
    status: form.status ?? 200,
    data: {
      section: 'meetings',
      // A series just created (issue 12 §3): how many meetings.
      scheduled: form.scheduled,
      upcoming: all.filter((m) => m.start >= at).map(row),
      past: all.filter((m) => m.start < at).reverse().map(row),
      errors,
      values,
      dateItems: dateItems('date', values.date, errors.byField.date ? (dateParts.length ? dateParts : ['day', 'month', 'year']) : []),
    },
  };
}

export const showMeetings: PageFn<'show-meetings'> = async ({ event, now }) => {
  const scheduled = Number(event.queryStringParameters?.scheduled);
  return meetingsPage(now, Number.isInteger(scheduled) && scheduled > 0 && scheduled <= 12 ? { scheduled } : {});
};

const order = ['title', 'date', 'time', 'place', 'livestreamUrl'];
const byFormOrder = (a: FieldIssue, b: FieldIssue) => order.indexOf(a.field) - order.indexOf(b.field);

/** The schedule form: a GOV.UK date input and a 24-hour time, in London time. */
export const submitMeeting: PageFn<'submit-meeting'> = async ({ form, fields, formIssues, now }) => {
  const values: MeetingFormValues = {
    title: field(form, 'title'),
    date: dateFields(form, 'date'),
    time: field(form, 'time'),
    place: field(form, 'place'),
    livestreamUrl: field(form, 'livestreamUrl'),
  };
  if (!fields) {
    // Which of the date's boxes to mark: the form schema says what is wrong, the parser which box.
    const date = parseDateParts(values.date, 'Date');
    return meetingsPage(now, { values, issues: [...formIssues].sort(byFormOrder), dateParts: date.ok ? [] : date.parts, status: 400 });
  }
  const { step, confirmed, startChoice, ...input } = fields;
  // Issue 12 §3: "Change" on the confirm step comes back to the form with what was typed.
  if (step === 'edit') return meetingsPage(now, { values });
  try {
    const start = chosenStart(input.start, startChoice);
    const warnings = warningsOf(input.start, now);
    // A weekend, a bank holiday, a time past or the repeated October hour: a confirm step first.
    if (warnings.length && (step !== 'confirm' || (needsConfirmation(warnings) && !confirmed))) {
      const issues = step === 'confirm' ? [{ field: 'confirmWarnings', message: 'Tick “Schedule it anyway” to schedule the meeting on this date, or change the date' }] : [];
      return scheduleCheckPage(values, { ...input, start }, warningsView(warnings, { confirmed, startChoice }), issues);
    }
    const [meeting] = await createMeetings([{ ...input, start }], now);
    return redirect(`/staff/meetings/${meeting!.id}`);
  } catch (error) {
    // A London time that does not exist (the hour the clocks go forward) is reported on the start.
    if (!(error instanceof ValidationError)) throw error;
    const moved = error.issues.map((i) => (i.field === 'start' ? { ...i, field: 'time' } : i));
    return meetingsPage(now, { values, issues: moved.sort(byFormOrder), status: 400 });
  }
};

/** The schedule form's confirm step (issue 12 §3): the meeting as it would be, its deadlines and its warnings. */
function scheduleCheckPage(values: MeetingFormValues, input: { title: string; place: string; livestreamUrl?: string; start: string }, warnings: ReturnType<typeof warningsView>, issues: Issue[]): PageReply {
  const start = startInstant(input.start);
  return {
    view: 'meeting-schedule-check.njk',
    status: issues.length ? 400 : 200,
    data: {
      section: 'meetings',
      values,
      meeting: { ...input, start },
      deadlines: deadlinesOf({ start }, deadlineSettings()),
      warnings,
      errors: fieldErrors(issues, (f) => (f === 'confirmWarnings' ? 'confirmWarnings' : f)),
    },
  };
}
