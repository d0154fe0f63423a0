import { pageRoute, redirect } from '../shared/http/handler.js';
import { createMeetings } from '../shared/app/planning.js';
import { ValidationError } from '../shared/domain/errors.js';
import { CreateMeetingInput } from '../shared/schemas/entities.js';
import { dateFields, field, optional, parseDateParts, parseTime, zodIssues, type DatePart, type FieldIssue } from '../shared/views/forms.js';
import { meetingsPage, type MeetingFormValues } from './show-meetings.js';

const order = ['title', 'date', 'time', 'place', 'livestreamUrl'];
const byFormOrder = (a: FieldIssue, b: FieldIssue) => order.indexOf(a.field) - order.indexOf(b.field);

/** The schedule form: a GOV.UK date input and a 24-hour time, in London time. */
export const handler = pageRoute('submit-meeting', async ({ form, now }) => {
  const values: MeetingFormValues = {
    title: field(form, 'title'),
    date: dateFields(form, 'date'),
    time: field(form, 'time'),
    place: field(form, 'place'),
    livestreamUrl: field(form, 'livestreamUrl'),
  };
  const issues: FieldIssue[] = [];
  let dateParts: DatePart[] = [];
  const date = parseDateParts(values.date, 'Date');
  if (!date.ok) {
    issues.push({ field: 'date', message: date.message });
    dateParts = date.parts;
  }
  const time = parseTime(values.time);
  if (!time.ok) issues.push({ field: 'time', message: time.message });

  const parsed = CreateMeetingInput.safeParse({
    title: values.title,
    place: values.place,
    livestreamUrl: optional(values.livestreamUrl),
    start: date.ok && time.ok ? `${date.date}T${time.time}` : undefined,
  });
  if (!parsed.success) issues.push(...zodIssues(parsed.error).filter((i) => i.field !== 'start'));
  if (issues.length || !parsed.success) {
    return meetingsPage(now, { values, issues: issues.sort(byFormOrder), dateParts, status: 400 });
  }
  try {
    const [meeting] = await createMeetings([parsed.data], now);
    return redirect(`/staff/meetings/${meeting!.id}`);
  } catch (error) {
    // A London time that does not exist (the hour the clocks go forward) is reported on the start.
    if (!(error instanceof ValidationError)) throw error;
    const moved = error.issues.map((i) => (i.field === 'start' ? { ...i, field: 'time' } : i));
    return meetingsPage(now, { values, issues: moved.sort(byFormOrder), status: 400 });
  }
});
