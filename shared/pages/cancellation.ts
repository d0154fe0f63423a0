/**
 * Page layer (called by functions/ wiring): cancelling a meeting (issue 12 §3). Before: what will
 * happen (requests withdrawn, open questions and where they can go) and the form (reason, what
 * becomes of the questions). After: what the cancellation did, with the state of every email.
 */
import { type PageReply, redirect, type PageFn } from '../http/handler.js';
import { cancelMeeting, cancellationPlan, cancellationView, readForCancellation } from '../app/cancellation.js';
import { staffActor } from '../app/planning.js';
import { emailStateLine, fieldErrors, field, tag, type FieldIssue } from '../views/forms.js';
import type { EmailStatus } from '../schemas/emails.js';
import { ValidationError } from '../domain/errors.js';

interface CancelFormValues {
  reason: string;
  questions: string;
}

const fieldOrder = ['reason', 'questions', 'version'];

type ViewEmail = { status: EmailStatus; sentAt?: string; error?: string; nextAttemptAt?: string };

/** One email's state in words, from its record (a failed one is sent again from the staff home). */
export const emailState = (e: ViewEmail | undefined) => emailStateLine(e, 'The staff home lists it to send again.');

export async function cancellationPage(meetingId: string, now: Date, form: { values?: CancelFormValues; issues?: FieldIssue[]; status?: number } = {}): Promise<PageReply> {
  // One read of the meeting and its questions serves both the plan and, once cancelled, the view.
  const read = await readForCancellation(meetingId);
  const plan = await cancellationPlan(meetingId, now, read);
  const { meeting } = plan;
  const cancelled = meeting.status === 'cancelled';
  const done = cancelled ? await cancellationView(meetingId, read) : undefined;
  const errors = fieldErrors([...(form.issues ?? [])].sort((a, b) => fieldOrder.indexOf(a.field) - fieldOrder.indexOf(b.field)), (f) => (f === 'questions' ? 'questions' : f));
  const emailsOf = (list: { purpose: string; status: ViewEmail['status']; sentAt?: string; error?: string }[], purpose: string) => emailState(list.find((e) => e.purpose === purpose));
  const unsent = done
    ? [...done.withdrawn.flatMap((r) => r.emails), ...done.questions.moved.flatMap((q) => q.emails), ...done.questions.closed.flatMap((q) => q.emails)].filter(
        (e) => e.status !== 'sent' && e.error !== 'no-contact',
      ).length
    : 0;
  return {
    view: 'cancel-meeting.njk',
    status: form.status ?? 200,
    data: {
      section: 'meetings',
      meeting: { ...meeting, statusTag: tag('meeting', meeting.status) },
      cancelled,
      held: meeting.status === 'held',
      withdraw: plan.withdraw,
      keptPublished: plan.keptPublished,
      openQuestions: plan.openQuestions.map((q) => ({ reference: q.reference, status: q.status === 'submitted' ? 'Waiting for review' : 'Accepted, not answered' })),
      redirectTo: plan.redirectTo,
      values: form.values ?? { reason: '', questions: '' },
      errors,
      done: done && {
        ...done,
        withdrawn: done.withdrawn.map((r) => ({ ...r, authorEmail: emailsOf(r.emails, 'cancel-author'), sponsorEmail: emailsOf(r.emails, 'cancel-sponsor') })),
        moved: done.questions.moved.map((q) => ({ ...q, email: emailsOf(q.emails, 'cancel-question') })),
        closed: done.questions.closed.map((q) => ({ ...q, email: emailsOf(q.emails, 'cancel-question') })),
        movedTo: done.questions.movedTo,
        // Left unfinished by an attempt cut short: requests or questions not yet dealt with, emails not sent.
        unfinished: plan.withdraw.length + plan.openQuestions.length + unsent,
      },
    },
  };
}

export const showCancellation: PageFn<'show-meeting-cancellation'> = async ({ params, now }) => cancellationPage(params.meetingId, now);

/** Cancel (or finish cancelling) the meeting, then show what was done. A stale version is a 409 page. */
export const submitCancellation: PageFn<'submit-meeting-cancellation'> = async ({ params, form, fields, formIssues, user, now }) => {
  const values = { reason: field(form, 'reason'), questions: field(form, 'questions') };
  if (!fields) return cancellationPage(params.meetingId, now, { values, issues: formIssues, status: 400 });
  try {
    await cancelMeeting(params.meetingId, fields, now, staffActor(user));
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return cancellationPage(params.meetingId, now, { values, issues: error.issues, status: 400 });
  }
  return redirect(`/staff/meetings/${params.meetingId}/cancel`);
};
