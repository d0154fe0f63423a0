import { pageRoute, type PageReply } from '../shared/http/handler.js';
import { formPath, listQuestions, windowOf, type StaffQuestion } from '../shared/app/questions.js';
import { formatTimestamp, isAfterMeeting, publicQuestionsItem, rejectReasonLabel } from '../shared/domain/questions.js';
import { districtLabel, rejectReasons } from '../shared/schemas/questions.js';
import { fieldErrors, type FieldIssue } from '../shared/views/forms.js';

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
};

/** The review queue of one meeting: to review, accepted (in groups, with answers), redirected, rejected. */
export async function queuePage(meetingId: string, now: Date, opts: { done?: string; failed?: FailedForm; status?: number } = {}): Promise<PageReply> {
  const { meeting, agenda, questions } = await listQuestions(meetingId);
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
      total: shown.length,
      agendaOptions: agenda.map((a) => ({ value: a.id, text: a.title })),
      reasonOptions: [{ value: '', text: 'Choose a reason' }, ...rejectReasons.map((r) => ({ value: r, text: rejectReasonLabel[r] }))],
    },
  };
}

export const handler = pageRoute('show-question-queue', async ({ params, event, now }) =>
  queuePage(params.meetingId, now, { done: event.queryStringParameters?.done }),
);
