/**
 * Page layer (called by functions/ wiring): editing a meeting and marking it held (issue 12 §3).
 * The edit form posts to a confirm step (check your answers: the changes, the new deadlines, the
 * warnings, each request's due date and who will be emailed), which saves. Everything the person
 * typed travels in the form, so a stale page (409) or an error loses nothing.
 */
import { type PageReply, redirect, type PageFn } from '../http/handler.js';
import { changeMeetingWithConsequences, markMeetingHeld, meetingForEdit, previewMeetingChange, type ChangePlan, type ChangeResult, type MeetingEdit } from '../app/meeting-admin.js';
import { findMeeting } from '../app/planning.js';
import { ConflictError, ValidationError } from '../domain/errors.js';
import type { DueDateChoice } from '../domain/reschedule.js';
import { startInstant } from '../domain/meetings.js';
import { staffActor } from '../domain/papers.js';
import type { DueDateField } from '../schemas/forms.js';
import { dateFields, dateItems, emailTag, field, fieldErrors, parseDateParts, tag, type DatePart, type DateParts, type FieldIssue, type FormFields } from '../views/forms.js';
import { chosenStart, needsConfirmation, warningsOf, warningsView } from './meeting-warnings.js';

export interface MeetingEditValues {
  title: string;
  date: DateParts;
  time: string;
  place: string;
  livestreamUrl: string;
}

const order = ['version', 'title', 'date', 'time', 'place', 'livestreamUrl'];
const byFormOrder = (a: FieldIssue, b: FieldIssue) => order.indexOf(a.field) - order.indexOf(b.field);
/** A due-date issue is on `dueDates.<requestId>`; its radios start with the input `due-<requestId>`. */
const issueId = (f: string) => (f.startsWith('dueDates.') ? `due-${f.slice('dueDates.'.length)}` : f === 'date' ? 'date-day' : f);

const valuesOf = (form: FormFields): MeetingEditValues => ({
  title: field(form, 'title'),
  date: dateFields(form, 'date'),
  time: field(form, 'time'),
  place: field(form, 'place'),
  livestreamUrl: field(form, 'livestreamUrl'),
});

/** The edit form: the meeting's details as they are (or as typed), with its version. */
async function editPage(
  meetingId: string,
  now: Date,
  opts: { values?: MeetingEditValues; issues?: FieldIssue[]; dateParts?: DatePart[]; status?: number; conflict?: boolean } = {},
): Promise<PageReply> {
  const { meeting, status } = await meetingForEdit(meetingId, now);
  const [day, time] = [meeting.startLocal.slice(0, 10), meeting.startLocal.slice(11, 16)];
  const [y, m, d] = day.split('-');
  const values = opts.values ?? {
    title: meeting.title,
    date: { day: String(Number(d)), month: String(Number(m)), year: y },
    time,
    place: meeting.place,
    livestreamUrl: meeting.livestreamUrl ?? '',
  };
  const errors = fieldErrors([...(opts.issues ?? [])].sort(byFormOrder), issueId);
  const dateParts = opts.dateParts ?? [];
  return {
    view: 'meeting-edit.njk',
    status: opts.status ?? 200,
    data: {
      section: 'meetings',
      meeting: { ...meeting, statusTag: tag('meeting', status) },
      held: status === 'held',
      values,
      errors,
      conflict: opts.conflict === true,
      dateItems: dateItems('date', values.date, errors.byField.date ? (dateParts.length ? dateParts : ['day', 'month', 'year']) : []),
    },
  };
}

export const showMeetingEdit: PageFn<'show-meeting-edit'> = async ({ params, now }) => editPage(params.meetingId, now);

/** The due-date choices as the domain takes them, and the issues of dates typed wrong. */
function dueChoices(posted: Record<string, DueDateField>): { choices: Record<string, DueDateChoice>; issues: FieldIssue[] } {
  const choices: Record<string, DueDateChoice> = {};
  const issues: FieldIssue[] = [];
  for (const [id, { choice, date }] of Object.entries(posted)) {
    if (choice !== 'set') {
      choices[id] = choice;
      continue;
    }
    const parsed = parseDateParts(date, 'Due date');
    if (parsed.ok) choices[id] = { date: parsed.date };
    else issues.push({ field: `dueDates.${id}`, message: parsed.message });
  }
  return { choices, issues };
}

interface Answers {
  confirmed: boolean;
  startChoice?: string;
  dueDates: Record<string, DueDateField>;
}

/** The confirm step: what changes, the deadlines again, the warnings, each request's due date, who is told. */
function checkPage(meetingId: string, plan: ChangePlan, values: MeetingEditValues, answers: Answers, issues: FieldIssue[]): PageReply {
  const { current, next } = plan;
  const errors = fieldErrors(issues, issueId);
  // A request's issue names it; the summary says which request.
  const titles = new Map(plan.dueDates.map((m) => [m.request.id, m.request.title]));
  errors.summary = errors.summary.map((s) => {
    const id = s.href.startsWith('#due-') ? s.href.slice('#due-'.length) : undefined;
    const title = id ? titles.get(id) : undefined;
    return title && !s.text.includes(title) ? { ...s, text: `${title}: ${s.text}` } : s;
  });
  const changed = (a: unknown, b: unknown) => a !== b;
  const rows = [
    { key: 'Title', from: current.title, to: next.title },
    { key: 'Date and time', from: current.start, to: next.start, instant: true },
    { key: 'Place', from: current.place, to: next.place },
    { key: 'Livestream', from: current.livestreamUrl ?? 'Not livestreamed', to: next.livestreamUrl ?? 'Not livestreamed' },
  ].map((r) => ({ ...r, changed: changed(r.from, r.to) }));
  const deadlines = (['papersDue', 'agendaPublication', 'questionDeadline'] as const).map((k) => ({
    key: { papersDue: 'Papers due', agendaPublication: 'Agenda publication', questionDeadline: 'Question deadline' }[k],
    from: current.deadlines[k],
    to: next.deadlines[k],
    changed: current.deadlines[k] !== next.deadlines[k],
  }));
  const dueDates = plan.dueDates.map((m) => {
    const posted = answers.dueDates[m.request.id];
    const choice = posted?.choice ?? m.choice;
    const field = `dueDates.${m.request.id}`;
    return {
      id: m.request.id,
      title: m.request.title,
      author: m.request.author.name,
      sponsor: m.request.sponsor.name,
      statusTag: tag('request', m.request.status),
      awaiting: m.awaiting,
      from: m.from,
      proposed: m.proposed,
      // The new papers-due date, or today when that has already passed.
      proposedIsToday: m.proposed !== next.deadlines.papersDue,
      choice,
      error: errors.byField[field],
      dateItems: dateItems(`due-${m.request.id}-date`, posted?.date ?? {}, errors.byField[field] && choice === 'set' ? ['day', 'month', 'year'] : []),
    };
  });
  return {
    view: 'meeting-edit-check.njk',
    status: issues.length ? 400 : 200,
    data: {
      section: 'meetings',
      meeting: current,
      next,
      moved: plan.moved,
      rows,
      deadlines,
      dueDates,
      willChange: dueDates.filter((d) => (d.choice === 'move' ? d.proposed : d.from) !== d.from).length,
      people: { requests: plan.dueDates.length, askers: plan.askers.length, emails: plan.emails.length },
      warnings: warningsView(plan.warnings, answers),
      values,
      version: current.version,
      errors,
      action: `/staff/meetings/${meetingId}/edit`,
    },
  };
}

/**
 * The edit form's posts: `step=check` (the form) shows the confirm step; `step=save` (the confirm
 * step) saves and goes back to the meeting; `step=edit` goes back to the form with what was typed.
 */
export const submitMeetingEdit: PageFn<'submit-meeting-edit'> = async ({ params, form, fields, formIssues, user, now }) => {
  const meetingId = params.meetingId;
  const values = valuesOf(form);
  if (!fields) {
    const date = parseDateParts(values.date, 'Date');
    return editPage(meetingId, now, { values, issues: formIssues, dateParts: date.ok ? [] : date.parts, status: 400 });
  }
  if (fields.step === 'edit') return editPage(meetingId, now, { values });
  const start = chosenStart(fields.startLocal, fields.startChoice);
  const { choices, issues: dueIssues } = dueChoices(fields.dueDates);
  const change: MeetingEdit = {
    version: fields.version,
    title: fields.title,
    place: fields.place,
    livestreamUrl: fields.livestreamUrl ?? null,
    start,
    ...(fields.step === 'save' ? { dueDates: choices } : {}),
  };
  const answers: Answers = { confirmed: fields.confirmed, startChoice: fields.startChoice, dueDates: fields.dueDates };
  try {
    if (fields.step === 'save') {
      const issues = [...dueIssues];
      const current = await findMeeting(meetingId);
      // A weekend, a bank holiday or a time past needs "Move it anyway" (not asked again of a retry of a saved change).
      if (current && current.version === fields.version && startInstant(start) !== current.start && needsConfirmation(warningsOf(fields.startLocal, now)) && !fields.confirmed) {
        issues.unshift({ field: 'confirmWarnings', message: 'Tick “Move it anyway” to move the meeting to this date, or change the date' });
      }
      if (!issues.length) {
        const result = await changeMeetingWithConsequences(meetingId, change, now, staffActor(user));
        // A move: what it did, with each email's state, rendered by the post itself (a refresh re-posts: a retry, which sends nothing twice).
        return result.emailStates.length ? donePage(result) : redirect(`/staff/meetings/${meetingId}`);
      }
      return checkPage(meetingId, await previewMeetingChange(meetingId, change, now), values, answers, issues);
    }
    return checkPage(meetingId, await previewMeetingChange(meetingId, change, now), values, answers, []);
  } catch (error) {
    // Someone else changed the meeting: the form again, with what was typed, on the meeting as it is now.
    if (error instanceof ConflictError) return editPage(meetingId, now, { values, conflict: true, status: 409 });
    if (!(error instanceof ValidationError)) throw error;
    const dueDateIssues = error.issues.filter((i) => i.field.startsWith('dueDates.'));
    if (fields.step === 'save' && dueDateIssues.length === error.issues.length) {
      return checkPage(meetingId, await previewMeetingChange(meetingId, change, now), values, answers, error.issues);
    }
    // A London time that does not exist, a meeting already held: on the time box.
    const issues = error.issues.map((i) => (i.field === 'start' ? { ...i, field: 'time' } : i));
    return editPage(meetingId, now, { values, issues, status: 400 });
  }
};

/** After a move: the new date, the due dates changed and every email with its state. */
function donePage(result: ChangeResult): PageReply {
  return {
    view: 'meeting-edit-done.njk',
    data: {
      section: 'meetings',
      meeting: result.meeting,
      repeated: result.repeated,
      dueDates: result.dueDates,
      emails: result.emails,
      emailStates: result.emailStates.map((e) => ({ ...e, tag: emailTag(e.status) })),
    },
  };
}

/** "Mark the meeting as held" on the meeting page. */
export const submitMeetingHeld: PageFn<'submit-meeting-held'> = async ({ params, fields, formIssues: [issue], now }) => {
  if (!fields) throw new ValidationError(issue!.message, [issue!]);
  await markMeetingHeld(params.meetingId, fields.version, now);
  return redirect(`/staff/meetings/${params.meetingId}`);
};
