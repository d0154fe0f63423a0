/** Page layer (called by functions/ wiring): The staff question queue: reviewing, grouping, answering and exporting public questions. */
import { type PageReply, redirect, type PageFn } from '../http/handler.js';
import { formPath, listQuestions, windowOf, type StaffQuestion, reviewQuestion, answerQuestion, questionsCsv } from '../app/questions.js';
import { formatTimestamp, isAfterMeeting, publicQuestionsItem, rejectReasonLabel } from '../domain/questions.js';
import { districtLabel, rejectReasons } from '../schemas/questions.js';
import { fieldErrors, type FieldIssue, field } from '../views/forms.js';
import { ConflictError, ValidationError } from '../domain/errors.js';
import { suppressedAddresses } from '../app/mail-events.js';

/** A form on the queue page that failed: which question, which form, what was typed and what is wrong. */
export interface FailedForm {
  questionId: string;
  form: 'review' | 'answer';
  values: Record<string, string>;
  issues: FieldIssue[];
}

const statusTags: Record<string, { text: string; classes?: string }> = {
  submitted: { text: 'To review', classes: 'govuk-tag--blue' },
  accepted: { text: 'Accepted', classes: 'govuk-tag--green' },
  redirected: { text: 'Redirected', classes: 'govuk-tag--yellow' },
  rejected: { text: 'Rejected', classes: 'govuk-tag--red' },
  closed: { text: 'Closed: meeting cancelled', classes: 'govuk-tag--grey' },
};

/** The review queue of one meeting: to review, accepted (in groups, with answers), redirected, rejected. */
export async function queuePage(meetingId: string, now: Date, opts: { done?: string; failed?: FailedForm; status?: number } = {}): Promise<PageReply> {
  const { meeting, agenda, questions } = await listQuestions(meetingId);
  // Submitters' addresses SES reported as a hard bounce or a complaint (issue 14 §2): one BatchGetItem.
  const suppressed = await suppressedAddresses(questions.flatMap((q) => (q.submitter ? [q.submitter.email] : [])));
  const byId = new Map(questions.map((q) => [q.id, q]));
  const defaultItem = publicQuestionsItem(agenda);
  const leads = questions.filter((q) => q.status === 'accepted' && (q.groupId === undefined || q.groupId === q.id));
  const failed = opts.failed;
  const errors = failed ? fieldErrors(failed.issues, (f) => `${f}-${failed.questionId}`) : fieldErrors([]);

  const view = (q: StaffQuestion) => {
    const member = q.groupId !== undefined && q.groupId !== q.id;
    const lead = member ? byId.get(q.groupId!) : undefined;
    const mine = failed?.questionId === q.id ? failed : undefined;
    const values = (form: FailedForm['form'], name: string, fallback = '') => (mine?.form === form ? (mine.values[name] ?? '') : fallback);
    const answer = q.answer;
    return {
      ...q,
      suppression: q.submitter ? suppressed.get(q.submitter.email.trim().toLowerCase()) : undefined,
      statusTag: statusTags[q.status],
      districtLabel: districtLabel(q.district),
      member,
      lead: lead ? { id: lead.id, reference: lead.reference, answered: lead.answer !== undefined } : undefined,
      members: questions.filter((x) => x.groupId === q.id && x.id !== q.id).map((x) => ({ id: x.id, reference: x.reference })),
      agendaItemTitle: agenda.find((a) => a.id === (lead ?? q).agendaItemId)?.title,
      reasonLabel: q.review?.reason ? rejectReasonLabel[q.review.reason] : undefined,
      answerInfo: answer
        ? { ...answer, livestreamAt: answer.livestreamAt !== undefined ? formatTimestamp(answer.livestreamAt) : undefined }
        : undefined,
      canAnswer: q.status === 'accepted' && !member,
      reviewInput: {
        values: {
          outcome: values('review', 'outcome'),
          agendaItemId: values('review', 'agendaItemId', q.agendaItemId ?? defaultItem?.id ?? ''),
          leadId: values('review', 'leadId', q.groupId && member ? q.groupId : ''),
          redirectNote: values('review', 'redirectNote', q.status === 'redirected' ? (q.review?.note ?? '') : ''),
          reason: values('review', 'reason', q.review?.reason ?? ''),
          rejectNote: values('review', 'rejectNote', q.status === 'rejected' ? (q.review?.note ?? '') : ''),
        },
        errors: mine?.form === 'review' ? errors.byField : {},
      },
      answerForm: {
        values: {
          mode: values('answer', 'mode', answer?.mode ?? (isAfterMeeting(meeting, now) ? 'meeting' : 'writing')),
          text: values('answer', 'text', answer?.text ?? ''),
          livestreamAt: values('answer', 'livestreamAt', answer?.livestreamAt !== undefined ? formatTimestamp(answer.livestreamAt) : ''),
        },
        errors: mine?.form === 'answer' ? errors.byField : {},
        open: mine?.form === 'answer' || !answer,
      },
      leadOptions: [
        { value: '', text: 'Choose the question to group it with' },
        ...leads.filter((l) => l.id !== q.id).map((l) => ({ value: l.id, text: `${l.reference}: ${l.text.slice(0, 60)}${l.text.length > 60 ? '…' : ''}` })),
      ],
    };
  };

  const shown = questions.map(view);
  const { window } = windowOf(meeting, now);
  return {
    view: 'question-queue.njk',
    status: opts.status ?? 200,
    data: {
      section: 'meetings',
      meeting,
      window,
      formPath: formPath(meeting.id),
      done: opts.done ? shown.find((q) => q.id === opts.done) : undefined,
      errors,
      toReview: shown.filter((q) => q.status === 'submitted'),
      accepted: shown.filter((q) => q.status === 'accepted' && !q.member),
      memberViews: Object.fromEntries(shown.filter((q) => q.member).map((q) => [q.id, q])),
      redirected: shown.filter((q) => q.status === 'redirected'),
      rejected: shown.filter((q) => q.status === 'rejected'),
      closed: shown.filter((q) => q.status === 'closed'),
      total: shown.length,
      agendaOptions: agenda.map((a) => ({ value: a.id, text: a.title })),
      reasonOptions: [{ value: '', text: 'Choose a reason' }, ...rejectReasons.map((r) => ({ value: r, text: rejectReasonLabel[r] }))],
    },
  };
}

export const showQuestionQueue: PageFn<'show-question-queue'> = async ({ params, event, now }) =>
  queuePage(params.meetingId, now, { done: event.queryStringParameters?.done });

const names = ['outcome', 'agendaItemId', 'leadId', 'redirectNote', 'reason', 'rejectNote'] as const;

/** Review a question from the queue page; back to the queue, or the queue with the form's errors. */
export const submitQuestionReview: PageFn<'submit-question-review'> = async ({ params, form, fields, formIssues, user, now }) => {
  const values = Object.fromEntries(names.map((n) => [n, field(form, n)])) as Record<(typeof names)[number], string>;
  const outcome = values.outcome;
  const noteField = outcome === 'redirect' ? 'redirectNote' : 'rejectNote';
  const again = (issues: FieldIssue[], status = 400) =>
    queuePage(params.meetingId, now, { failed: { questionId: params.questionId, form: 'review', values, issues }, status });

  if (!fields) {
    const issues = formIssues.map((i) => ({ ...i, field: i.field === 'note' ? noteField : i.field || 'outcome' })).map((i) => {
      if (i.field === 'version') return { field: 'outcome', message: 'The page was out of date: reload it and try again' };
      if (i.field === 'outcome') return { ...i, message: 'Choose what to do with the question' };
      if (i.field === 'leadId') return { ...i, message: 'Choose the question to group it with' };
      if (i.field === 'reason') return { ...i, message: 'Choose the reason for rejecting it' };
      return i;
    });
    return again(issues);
  }
  try {
    await reviewQuestion(params.meetingId, params.questionId, fields, user.email, now);
    return redirect(`/staff/meetings/${params.meetingId}/questions?done=${params.questionId}#question-${params.questionId}`);
  } catch (error) {
    if (error instanceof ValidationError) return again(error.issues.map((i) => (i.field === 'note' ? { ...i, field: noteField } : i)));
    if (error instanceof ConflictError) return again([{ field: 'outcome', message: error.message }], 409);
    throw error;
  }
};

/** Record an answer from the queue page; every submitter of the group who has not had it is emailed. */
export const submitQuestionAnswer: PageFn<'submit-question-answer'> = async ({ params, form, fields, formIssues, user, now }) => {
  const values = { mode: field(form, 'mode'), text: field(form, 'text'), livestreamAt: field(form, 'livestreamAt') };
  const again = (issues: FieldIssue[], status = 400) =>
    queuePage(params.meetingId, now, { failed: { questionId: params.questionId, form: 'answer', values, issues }, status });

  if (!fields) {
    return again(
      formIssues.map((i) => {
        if (i.field === 'version') return { field: 'mode', message: 'The page was out of date: reload it and try again' };
        return i.field === 'mode' ? { ...i, message: 'Choose how the question was answered' } : i;
      }),
    );
  }
  try {
    await answerQuestion(params.meetingId, params.questionId, fields, user.email, now);
    return redirect(`/staff/meetings/${params.meetingId}/questions?done=${params.questionId}#question-${params.questionId}`);
  } catch (error) {
    if (error instanceof ValidationError) return again(error.issues);
    if (error instanceof ConflictError) return again([{ field: 'text', message: error.message }], 409);
    throw error;
  }
};

/** A meeting's questions as CSV for staff (with the submitters' names and emails while they are kept). */
export const exportQuestions: PageFn<'export-questions'> = async ({ params }) => {
  const { filename, body } = await questionsCsv(params.meetingId);
  return {
    raw: {
      status: 200,
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` },
      body,
    },
  };
};
