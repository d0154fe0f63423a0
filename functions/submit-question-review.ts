import { pageRoute, redirect } from '../shared/http/handler.js';
import { reviewQuestion } from '../shared/app/questions.js';
import { ConflictError, ValidationError } from '../shared/domain/errors.js';
import { ReviewQuestionInput } from '../shared/schemas/questions.js';
import { field, zodIssues, type FieldIssue } from '../shared/views/forms.js';
import { queuePage } from './show-question-queue.js';

const names = ['outcome', 'agendaItemId', 'leadId', 'redirectNote', 'reason', 'rejectNote'] as const;

/** Review a question from the queue page; back to the queue, or the queue with the form's errors. */
export const handler = pageRoute('submit-question-review', async ({ params, form, user, now }) => {
  const values = Object.fromEntries(names.map((n) => [n, field(form, n)])) as Record<(typeof names)[number], string>;
  const outcome = values.outcome;
  const noteField = outcome === 'redirect' ? 'redirectNote' : 'rejectNote';
  const again = (issues: FieldIssue[], status = 400) =>
    queuePage(params.meetingId, now, { failed: { questionId: params.questionId, form: 'review', values, issues }, status });

  const parsed = ReviewQuestionInput.safeParse({
    version: Number(field(form, 'version')),
    outcome: outcome || undefined,
    ...(outcome === 'accept' && values.agendaItemId ? { agendaItemId: values.agendaItemId } : {}),
    ...(outcome === 'group' ? { leadId: values.leadId || undefined } : {}),
    ...(outcome === 'redirect' ? { note: values.redirectNote } : {}),
    ...(outcome === 'reject' ? { reason: values.reason || undefined, ...(values.rejectNote.trim() ? { note: values.rejectNote } : {}) } : {}),
  });
  if (!parsed.success) {
    const issues = zodIssues(parsed.error, (path) => (path === 'note' ? noteField : path || 'outcome')).map((i) => {
      if (i.field === 'version') return { field: 'outcome', message: 'The page was out of date: reload it and try again' };
      if (i.field === 'outcome') return { ...i, message: 'Choose what to do with the question' };
      if (i.field === 'leadId') return { ...i, message: 'Choose the question to group it with' };
      if (i.field === 'reason') return { ...i, message: 'Choose the reason for rejecting it' };
      return i;
    });
    return again(issues);
  }
  try {
    await reviewQuestion(params.meetingId, params.questionId, parsed.data, user.email, now);
    return redirect(`/staff/meetings/${params.meetingId}/questions?done=${params.questionId}#question-${params.questionId}`);
  } catch (error) {
    if (error instanceof ValidationError) return again(error.issues.map((i) => (i.field === 'note' ? { ...i, field: noteField } : i)));
    if (error instanceof ConflictError) return again([{ field: 'outcome', message: error.message }], 409);
    throw error;
  }
});
