import { pageRoute, redirect } from '../shared/http/handler.js';
import { answerQuestion } from '../shared/app/questions.js';
import { ConflictError, ValidationError } from '../shared/domain/errors.js';
import { AnswerQuestionInput } from '../shared/schemas/questions.js';
import { field, optional, zodIssues, type FieldIssue } from '../shared/views/forms.js';
import { queuePage } from './show-question-queue.js';

/** Record an answer from the queue page; every submitter of the group who has not had it is emailed. */
export const handler = pageRoute('submit-question-answer', async ({ params, form, user, now }) => {
  const values = { mode: field(form, 'mode'), text: field(form, 'text'), livestreamAt: field(form, 'livestreamAt') };
  const again = (issues: FieldIssue[], status = 400) =>
    queuePage(params.meetingId, now, { failed: { questionId: params.questionId, form: 'answer', values, issues }, status });

  const parsed = AnswerQuestionInput.safeParse({
    version: Number(field(form, 'version')),
    mode: values.mode || undefined,
    text: values.text,
    livestreamAt: optional(values.livestreamAt),
  });
  if (!parsed.success) {
    return again(
      zodIssues(parsed.error).map((i) => {
        if (i.field === 'version') return { field: 'mode', message: 'The page was out of date: reload it and try again' };
        return i.field === 'mode' ? { ...i, message: 'Choose how the question was answered' } : i;
      }),
    );
  }
  try {
    await answerQuestion(params.meetingId, params.questionId, parsed.data, user.email, now);
    return redirect(`/staff/meetings/${params.meetingId}/questions?done=${params.questionId}#question-${params.questionId}`);
  } catch (error) {
    if (error instanceof ValidationError) return again(error.issues);
    if (error instanceof ConflictError) return again([{ field: 'text', message: error.message }], 409);
    throw error;
  }
});
