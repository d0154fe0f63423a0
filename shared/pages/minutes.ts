/**
 * Page layer (called by functions/ wiring): attendance and minutes (issue 13 §1, §2): the staff
 * minutes page, the attendance page, publishing, approval at the next meeting, the public minutes
 * page. The Word downloads are in minutes-docx.ts (they alone carry the docx library).
 */
import { redirect, type PageFn, type PageReply } from '../http/handler.js';
import { approveMinutes, approvingMeetingOf, loadMinutes, minutesModel, minutesRevisions, publicMinutes, publishMinutes, saveMinutes, type LoadedMinutes } from '../app/minutes.js';
import { listPeople } from '../app/people.js';
import { attendanceFrom, attendanceKeys, attendeeLine } from '../domain/minutes.js';
import { ConflictError, ValidationError, type FieldIssue } from '../domain/errors.js';
import { field, fieldErrors } from '../views/forms.js';

type Form = Record<string, string | string[] | undefined>;

/** Field issues of the minutes form, renamed to the ids of the fields they are about. */
function minutesIssues(issues: readonly FieldIssue[], form: Form): FieldIssue[] {
  const itemIds = Object.keys(form).filter((k) => k.startsWith('notes-')).map((k) => k.slice('notes-'.length));
  return issues.map((i) => {
    const m = /^sections\.(\d+)\.(\w+)$/.exec(i.field);
    if (m) return { ...i, field: `${m[2] === 'agendaItemId' ? 'notes' : m[2]}-${itemIds[Number(m[1])] ?? ''}` };
    return i;
  });
}

/** What a page of these is built with after a post: the form as posted, its field issues, or a refusal naming no field (a 409). */
interface Posted {
  form?: Form;
  issues?: FieldIssue[];
  status?: number;
  problem?: string;
}

/** The field errors, with a refusal that names no field first in the summary (linking to `href`). */
function errorsOf(opts: Posted, href: string) {
  const errors = fieldErrors(opts.issues ?? []);
  return { ...errors, summary: [...(opts.problem ? [{ text: opts.problem, href }] : []), ...errors.summary] };
}

/** The staff minutes page: the minutes as they stand (or the form posted, with its errors). */
async function minutesPage(meetingId: string, now: Date, opts: Posted & { saved?: string } = {}): Promise<PageReply> {
  const [loaded, revisions] = await Promise.all([loadMinutes(meetingId, now), minutesRevisions(meetingId)]);
  const model = minutesModel(loaded);
  const form = opts.form;
  const approving = loaded.minutes.status === 'published-draft' ? await approvingMeetingOf(loaded.stored) : undefined;
  return {
    view: 'minutes.njk',
    status: opts.status ?? 200,
    data: {
      section: 'meetings',
      meeting: loaded.meeting,
      model,
      held: loaded.meeting.status === 'held',
      editable: loaded.minutes.status === 'draft',
      items: model.items.map((item) => ({
        ...item,
        values: { notes: form ? field(form, `notes-${item.id}`) : item.notes, recordingAt: form ? field(form, `recordingAt-${item.id}`) : (item.recordingAt ?? '') },
      })),
      values: {
        futureItems: form ? field(form, 'futureItems') : model.futureItems.map((f) => f.title).join('\n'),
        futureItemsNote: form ? field(form, 'futureItemsNote') : (model.futureItemsNote ?? ''),
        recordingUrl: form ? field(form, 'recordingUrl') : (model.recordingUrl ?? ''),
      },
      revisions: [...revisions].reverse(),
      approving,
      errors: errorsOf(opts, '#status'),
      saved: opts.saved,
      returnTo: `/staff/meetings/${meetingId}/minutes`,
    },
  };
}

export const showMinutes: PageFn<'show-minutes'> = async ({ params, event, now }) => minutesPage(params.meetingId, now, { saved: event.queryStringParameters?.saved });

/** A refusal a person can act on: the page again, with the problem said. */
const refused = (error: unknown) => error instanceof ValidationError || error instanceof ConflictError;

export const submitMinutes: PageFn<'submit-minutes'> = async ({ params, form, fields, formIssues, user, now }) => {
  if (!fields) return minutesPage(params.meetingId, now, { form, issues: minutesIssues(formIssues, form), status: 400 });
  try {
    await saveMinutes(params.meetingId, fields, user.email, now);
  } catch (error) {
    if (!refused(error)) throw error;
    const e = error as ValidationError | ConflictError;
    return minutesPage(params.meetingId, now, { form, issues: minutesIssues(e.issues, form), status: e.status, problem: e.issues.length ? undefined : e.message });
  }
  return redirect(`/staff/meetings/${params.meetingId}/minutes?saved=minutes`);
};

export const submitMinutesPublish: PageFn<'submit-minutes-publish'> = async ({ params, form, fields, formIssues, user, now }) => {
  try {
    if (!fields) throw new ConflictError(formIssues[0]?.message ?? 'The form is out of date. Reload the page and try again.');
    await publishMinutes(params.meetingId, fields.version, user.email, now);
  } catch (error) {
    if (!refused(error)) throw error;
    return minutesPage(params.meetingId, now, { status: (error as ConflictError).status, problem: (error as Error).message });
  }
  return redirect(`/staff/meetings/${params.meetingId}/minutes?saved=published`);
};

// ---- attendance ----

async function attendancePage(meetingId: string, now: Date, opts: Posted = {}): Promise<PageReply> {
  const [loaded, people] = await Promise.all([loadMinutes(meetingId, now), listPeople()]);
  const { attendance } = loaded.minutes;
  const form = opts.form;
  const picked = new Map(attendanceKeys.flatMap((key) => attendance[key].filter((a) => a.personId).map((a) => [a.personId!, { where: key, organisation: a.organisation ?? '' }] as const)));
  return {
    view: 'attendance.njk',
    status: opts.status ?? 200,
    data: {
      section: 'meetings',
      meeting: loaded.meeting,
      version: loaded.minutes.version,
      editable: loaded.minutes.status === 'draft',
      people: people.map((p) => ({
        ...p,
        where: form ? field(form, `person-${p.id}`) || 'none' : (picked.get(p.id)?.where ?? 'none'),
        organisation: form ? field(form, `organisation-${p.id}`) : (picked.get(p.id)?.organisation ?? ''),
      })),
      others: Object.fromEntries(attendanceKeys.map((key) => [key, form ? field(form, `others-${key}`) : attendance[key].filter((a) => !a.personId).map(attendeeLine).join('\n')])),
      errors: errorsOf(opts, '#attendance'),
    },
  };
}

export const showAttendance: PageFn<'show-attendance'> = async ({ params, now }) => attendancePage(params.meetingId, now);

export const submitAttendance: PageFn<'submit-attendance'> = async ({ params, form, fields, formIssues, user, now }) => {
  if (!fields) return attendancePage(params.meetingId, now, { form, issues: formIssues.map((i) => ({ ...i, field: i.field.replace(/^others\.(\w+)\.\d+$/, 'others-$1').replace(/^picks\.(\w+)\.organisation$/, 'organisation-$1') })), status: 400 });
  try {
    const people = await listPeople();
    const attendance = attendanceFrom(people, fields.picks, fields.others);
    await saveMinutes(params.meetingId, { version: fields.version, attendance }, user.email, now);
  } catch (error) {
    if (!refused(error)) throw error;
    return attendancePage(params.meetingId, now, { form, status: (error as ConflictError).status, problem: (error as Error).message });
  }
  return redirect(`/staff/meetings/${params.meetingId}/minutes?saved=attendance`);
};

// ---- approval at the next meeting ----

async function approvalPage(meetingId: string, now: Date, opts: Posted = {}): Promise<PageReply> {
  const loaded = await loadMinutes(meetingId, now);
  const approving = await approvingMeetingOf(loaded.stored);
  const model = minutesModel(loaded);
  const form = opts.form;
  return {
    view: 'minutes-approval.njk',
    status: opts.status ?? 200,
    data: {
      section: 'meetings',
      meeting: loaded.meeting,
      model,
      approving,
      approved: loaded.minutes.status === 'approved',
      draft: loaded.minutes.status === 'draft',
      items: model.items.map((item) => ({ ...item, values: { notes: form ? field(form, `notes-${item.id}`) : item.notes } })),
      note: form ? field(form, 'note') : '',
      errors: errorsOf(opts, '#approve'),
    },
  };
}

export const showMinutesApproval: PageFn<'show-minutes-approval'> = async ({ params, now }) => approvalPage(params.meetingId, now);

export const submitMinutesApproval: PageFn<'submit-minutes-approval'> = async ({ params, form, fields, formIssues, user, now }) => {
  if (!fields) return approvalPage(params.meetingId, now, { form, issues: minutesIssues(formIssues, form), status: 400 });
  try {
    const loaded = await loadMinutes(params.meetingId, now);
    // Notes the form changed are corrections; the recording times are kept as they were.
    const sections = (fields.sections ?? []).map((s) => ({ ...s, recordingAt: loaded.minutes.sections.find((x) => x.agendaItemId === s.agendaItemId)?.recordingAt }));
    const changed = sections.some((s) => (loaded.minutes.sections.find((x) => x.agendaItemId === s.agendaItemId)?.notes ?? '') !== s.notes.replace(/\r\n?/g, '\n').trim());
    await approveMinutes(params.meetingId, { version: fields.version, ...(changed || fields.note ? { corrections: { note: fields.note, sections } } : {}) }, user.email, now);
  } catch (error) {
    if (!refused(error)) throw error;
    const e = error as ValidationError | ConflictError;
    return approvalPage(params.meetingId, now, { form, issues: e.issues.map((i) => ({ ...i, field: i.field === 'corrections.note' ? 'note' : i.field })), status: e.status, problem: e.issues.length ? undefined : e.message });
  }
  return redirect(`/staff/meetings/${params.meetingId}/minutes?saved=approved`);
};

// ---- the public page ----

export const showPublicMinutes: PageFn<'show-public-minutes'> = async ({ params, now }) => {
  const loaded: LoadedMinutes = await publicMinutes(params.meetingId, now);
  return { view: 'public-minutes.njk', data: { meeting: loaded.meeting, model: minutesModel(loaded) } };
};
