import { htmlResponse, pageRoute, type PageReply } from '../shared/http/handler.js';
import { questionFormContext, questionSettings, submitQuestion } from '../shared/app/questions.js';
import { isIdempotencyKey } from '../shared/domain/questions.js';
import { ValidationError } from '../shared/domain/errors.js';
import { questionFormSchema } from '../shared/schemas/questions.js';
import { field, zodIssues } from '../shared/views/forms.js';
import { formatLondonTime } from '../shared/domain/time.js';
import { logger } from '../shared/observability.js';
import { questionFormPage, type QuestionFormValues } from './show-question-form.js';

/** The honeypot: a field people never see or fill (its label says to leave it empty); scripts do. */
export const HONEYPOT_FIELD = 'website';

/**
 * Submit a question. The confirmation is rendered here (not after a redirect), so a refresh posts
 * the same form again and, being the same submission, shows the same reference and sends nothing.
 */
export const handler = pageRoute('submit-question', async ({ params, form, event, baseUrl, now }): Promise<PageReply> => {
  const values: QuestionFormValues = {
    name: field(form, 'name'),
    email: field(form, 'email'),
    district: field(form, 'district'),
    question: field(form, 'question'),
    publishName: field(form, 'publishName') === 'yes',
    idempotencyKey: field(form, 'idempotencyKey'),
  };

  // A filled honeypot: answer as if all went well, store nothing and send nothing.
  if (field(form, HONEYPOT_FIELD) !== '') {
    logger.warn('Question honeypot filled: not stored', { meetingId: params.meetingId });
    return { view: 'question-confirmation.njk', data: { question: values.question } };
  }
  if (!isIdempotencyKey(values.idempotencyKey)) {
    throw new ValidationError('The form was not complete. Go back to the question form, reload the page and send your question again.');
  }

  const parsed = questionFormSchema(questionSettings().wordLimit).safeParse({
    name: values.name,
    email: values.email,
    district: values.district || undefined,
    question: values.question,
    publishName: values.publishName,
  });
  if (!parsed.success) {
    const { meeting, window, next } = await questionFormContext(params.meetingId, now);
    return questionFormPage(meeting, window, next, { values, issues: zodIssues(parsed.error), status: window.open ? 400 : 409 });
  }

  const result = await submitQuestion({
    meetingId: params.meetingId,
    form: parsed.data,
    idempotencyKey: values.idempotencyKey,
    sourceIp: event.requestContext.http.sourceIp,
    baseUrl,
    now,
  });
  switch (result.kind) {
    case 'created':
    case 'repeated':
      return {
        view: 'question-confirmation.njk',
        data: { meeting: result.meeting, reference: result.reference, question: parsed.data.question, repeated: result.kind === 'repeated' },
      };
    case 'closed':
      return questionFormPage(result.meeting, result.window, result.next, { status: 409 });
    case 'rate-limited': {
      const page = htmlResponse(429, 'question-limit.njk', {
        meeting: result.meeting,
        limit: questionSettings().ratePerHour,
        retryAt: formatLondonTime(result.retryAt),
        question: parsed.data.question,
      });
      const retryAfter = Math.max(1, Math.ceil((Date.parse(result.retryAt) - now.getTime()) / 1000));
      return { raw: { status: 429, headers: { ...(page.headers as Record<string, string>), 'retry-after': String(retryAfter) }, body: page.body ?? '' } };
    }
  }
});
