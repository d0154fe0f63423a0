/** Page layer (called by functions/ wiring): The staff question queue: reviewing, grouping, answering and exporting public questions. */
import { type PageReply, redirect, type PageFn } from '../http/handler.js';
import { csvParts, formPath, queueView, windowOf, type StaffQuestion, reviewQuestion, answerQuestion, questionsCsv } from '../app/questions.js';
import { formatTimestamp, isAfterMeeting, publicQuestionsItem, rejectReasonLabel } from '../domain/questions.js';
import { CSV_PART_SIZE, districtLabel, queueStateOf, queueStates, rejectReasons, type QueueQuery, type QueueState } from '../schemas/questions.js';
import { fieldErrors, type FieldIssue, field } from '../views/forms.js';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';
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

/** The queue's states as links (`label`), and each one's heading over its page. */
const stateTabs: { state: QueueState; label: string; heading: string }[] = [
  { state: 'submitted', label: 'To review', heading: 'To review' },
  { state: 'accepted', label: 'Accepted', heading: 'Accepted (alone, or with similar questions grouped with them)' },
  { state: 'grouped', label: 'Grouped', heading: 'Grouped with an accepted question' },
  { state: 'redirected', label: 'Redirected', heading: 'Redirected' },
  { state: 'rejected', label: 'Rejected', heading: 'Rejected' },
  { state: 'closed', label: 'Closed', heading: 'Closed when the meeting was cancelled' },
];

const queuePath = (meetingId: string, query: Record<string, string | undefined> = {}) => {
  const q = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => !!e[1])).toString();
  return `/staff/meetings/${meetingId}/questions${q ? `?${q}` : ''}`;
};

/**
 * The review queue of one meeting: one state at a time (tabs with the count of each), 50 questions a
 * page with GOV.UK pagination. The "group with" choice is the 10 most recent accepted questions (the
 * same agenda item first) and a field for any other's reference, so the page does not grow with the
 * number of accepted questions.
 */
export async function queuePage(
  meetingId: string,
  now: Date,
  opts: { query?: QueueQuery; done?: string; failed?: FailedForm; status?: number } = {},
): Promise<PageReply> {
  const query = opts.query ?? {};
  const v = await queueView(meetingId, { status: query.status, cursor: query.cursor, include: opts.failed?.questionId, done: opts.done ?? query.done });
  const { meeting, agenda, questions, byId } = v;
  // Submitters' addresses SES reported as a hard bounce or a complaint (issue 14 §2): one BatchGetItem.
  const suppressed = await suppressedAddresses(questions.flatMap((q) => (q.submitter ? [q.submitter.email] : [])));
  const defaultItem = publicQuestionsItem(agenda);
  const failed = opts.failed;
  const errors = failed ? fieldErrors(failed.issues, (f) => `${f}-${failed.questionId}`) : fieldErrors([]);
  const onPage = new Set(questions.map((q) => q.id));

  const view = (q: StaffQuestion) => {
    const member = q.groupId !== undefined && q.groupId !== q.id;
    const lead = member ? byId.get(q.groupId!) : undefined;
    const mine = failed?.questionId === q.id ? failed : undefined;
    const values = (form: FailedForm['form'], name: string, fallback = '') => (mine?.form === form ? (mine.values[name] ?? '') : fallback);
    const answer = q.answer;
    const itemId = (lead ?? q).agendaItemId;
    // The likely leads: the recent accepted questions, the same agenda item first; its own lead always.
    const likely = [...v.recentLeads.filter((l) => l.id !== q.id)].sort((a, b) => Number(b.agendaItemId === itemId) - Number(a.agendaItemId === itemId));
    if (lead && !likely.some((l) => l.id === lead.id)) likely.unshift(lead);
    const memberCount = (q.memberIds ?? []).filter((id) => id !== q.id).length;
    return {
      ...q,
      suppression: q.submitter ? suppressed.get(q.submitter.email.trim().toLowerCase()) : undefined,
      statusTag: statusTags[q.status],
      districtLabel: districtLabel(q.district),
      member,
      lead: lead ? { id: lead.id, reference: lead.reference, answered: lead.answer !== undefined, href: onPage.has(lead.id) ? `#question-${lead.id}` : queuePath(meetingId, { status: 'accepted' }) } : undefined,
      memberCount,
      agendaItemTitle: agenda.find((a) => a.id === itemId)?.title,
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
          leadReference: values('review', 'leadReference'),
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
        { value: '', text: likely.length ? 'Choose a recent accepted question' : 'No accepted questions yet' },
        ...likely.map((l) => ({ value: l.id, text: `${l.reference}: ${l.text.slice(0, 60)}${l.text.length > 60 ? '…' : ''}` })),
      ],
    };
  };

  const shown = questions.map(view);
  const { window } = windowOf(meeting, now);
  const total = queueStates.reduce((sum, s) => sum + v.counts[s], 0);
  const tab = stateTabs.find((t) => t.state === v.state)!;
  return {
    view: 'question-queue.njk',
    status: opts.status ?? 200,
    data: {
      section: 'meetings',
      meeting,
      window,
      formPath: formPath(meeting.id),
      done: v.done ? view(v.done) : undefined,
      doneHref: v.done ? (onPage.has(v.done.id) ? `#question-${v.done.id}` : queuePath(meetingId, { status: queueStateOf(v.done) })) : undefined,
      errors,
      tabs: stateTabs
        .filter((t) => t.state !== 'closed' || v.counts.closed > 0)
        .map((t) => ({ ...t, count: v.counts[t.state], href: queuePath(meetingId, { status: t.state }), current: t.state === v.state })),
      tab,
      questions: shown,
      total,
      from: v.from,
      to: v.to,
      of: v.counts[v.state],
      pagination: {
        ...(v.previous ? { previous: { href: queuePath(meetingId, { status: v.state, cursor: v.previous }) } } : {}),
        ...(v.next ? { next: { href: queuePath(meetingId, { status: v.state, cursor: v.next }) } } : {}),
        landmarkLabel: `${tab.label}: pages`,
      },
      csvParts: v.counts.maxNumber > CSV_PART_SIZE ? csvParts(v.counts.maxNumber) : [],
      agendaOptions: agenda.map((a) => ({ value: a.id, text: a.title })),
      reasonOptions: [{ value: '', text: 'Choose a reason' }, ...rejectReasons.map((r) => ({ value: r, text: rejectReasonLabel[r] }))],
    },
  };
}

export const showQuestionQueue: PageFn<'show-question-queue'> = async ({ params, query, now }) => queuePage(params.meetingId, now, { query });

const names = ['outcome', 'agendaItemId', 'leadId', 'leadReference', 'redirectNote', 'reason', 'rejectNote'] as const;

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
      if (i.field === 'leadId') return { ...i, message: 'Choose the question to group it with, or enter its reference' };
      if (i.field === 'reason') return { ...i, message: 'Choose the reason for rejecting it' };
      return i;
    });
    return again(issues);
  }
  try {
    await reviewQuestion(params.meetingId, params.questionId, fields, user.email, now);
    return redirect(`/staff/meetings/${params.meetingId}/questions?done=${params.questionId}#question-${params.questionId}`);
  } catch (error) {
    // A check of the group's question names the field it came from: the typed reference when there was one.
    const leadField = values.leadReference.trim() ? 'leadReference' : 'leadId';
    if (error instanceof ValidationError) return again(error.issues.map((i) => (i.field === 'note' ? { ...i, field: noteField } : i.field === 'leadId' ? { ...i, field: leadField } : i)));
    if (error instanceof NotFoundError && error.entity === 'question' && values.outcome === 'group') return again([{ field: leadField, message: 'That question is not in this meeting’s queue: choose another' }]);
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
export const exportQuestions: PageFn<'export-questions'> = async ({ params, query }) => {
  const { filename, body } = await questionsCsv(params.meetingId, query.part);
  return {
    raw: {
      status: 200,
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` },
      body,
    },
  };
};
