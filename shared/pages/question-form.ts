/** Page layer (called by functions/ wiring): The public question form, its confirmation, and the form that forgets a submitter. */
import { randomBytes } from 'node:crypto';
import { type PageReply, htmlResponse, type PageFn } from '../http/handler.js';
import { formPath, questionFormContext, questionSettings, nextOpenMeeting, windowOf, submitQuestion as saveQuestion, forgetContext, forgetSubmitter } from '../app/questions.js';
import { type QuestionWindow, isIdempotencyKey } from '../domain/questions.js';
import { districts, districtLabel } from '../schemas/questions.js';
import { withDeadlines } from '../app/planning.js';
import { fieldErrors, type FieldIssue, field } from '../views/forms.js';
import { ValidationError } from '../domain/errors.js';
import { formatLondonTime } from '../domain/time.js';
import { logger } from '../observability.js';

export interface QuestionFormValues {
  name: string;
  email: string;
  district: string;
  question: string;
  publishName: boolean;
  idempotencyKey: string;
}

/** The form's fields in order, for the error summary. */
const fieldOrder = ['name', 'email', 'district', 'question', 'publishName'];

/** A fresh key for a freshly shown form: a resubmission of this form is recognised by it. */
export const newIdempotencyKey = () => randomBytes(18).toString('base64url');

type Shown = ReturnType<typeof withDeadlines>;

/** The question form of one meeting: open (with the form), or closed (pointing to the next open meeting). */
export function questionFormPage(
  meeting: Shown,
  window: QuestionWindow,
  next: Shown | undefined,
  opts: { values?: QuestionFormValues; issues?: FieldIssue[]; status?: number; keptQuestion?: string } = {},
): PageReply {
  const values: QuestionFormValues = opts.values ?? { name: '', email: '', district: '', question: '', publishName: false, idempotencyKey: newIdempotencyKey() };
  const errors = fieldErrors([...(opts.issues ?? [])].sort((a, b) => fieldOrder.indexOf(a.field) - fieldOrder.indexOf(b.field)));
  const westYorkshire = districts.filter((d) => d !== 'outside');
  return {
    view: 'question-form.njk',
    status: opts.status ?? 200,
    data: {
      meeting,
      window,
      next: next ? { ...next, formPath: formPath(next.id) } : undefined,
      wordLimit: questionSettings().wordLimit,
      values,
      errors,
      // A question posted after the window closed (or to a cancelled meeting): shown back, so it is not lost.
      keptQuestion: window.open ? undefined : opts.keptQuestion,
      districtItems: [
        ...westYorkshire.map((d) => ({ value: d, text: d, checked: values.district === d })),
        { divider: 'or' },
        { value: 'outside', text: districtLabel('outside'), checked: values.district === 'outside' },
      ],
    },
  };
}

export const showQuestionForm: PageFn<'show-question-form'> = async ({ params, now }) => {
  const { meeting, window, next } = await questionFormContext(params.meetingId, now);
  return questionFormPage(meeting, window, next);
};

/** "Ask a question": the form of the next meeting whose question window is open, or why there is none. */
export const showQuestionFormNext: PageFn<'show-question-form-next'> = async ({ now }) => {
  const next = await nextOpenMeeting(now);
  if (!next) return { view: 'question-none.njk', data: {} };
  const { meeting, window } = windowOf(next, now);
  return questionFormPage(meeting, window, undefined);
};

/** The honeypot: a field people never see or fill (its label says to leave it empty); scripts do. */
export const HONEYPOT_FIELD = 'website';

/**
 * Submit a question. The confirmation is rendered here (not after a redirect), so a refresh posts
 * the same form again and, being the same submission, shows the same reference and sends nothing.
 */
export const submitQuestion: PageFn<'submit-question'> = async ({ params, form, fields, formIssues, event, baseUrl, now }): Promise<PageReply> => {
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

  if (!fields) {
    const { meeting, window, next } = await questionFormContext(params.meetingId, now);
    return questionFormPage(meeting, window, next, { values, issues: formIssues, status: window.open ? 400 : 409, keptQuestion: values.question });
  }

  const result = await saveQuestion({
    meetingId: params.meetingId,
    form: fields,
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
        data: { meeting: result.meeting, reference: result.reference, question: fields.question, repeated: result.kind === 'repeated', acknowledgement: result.acknowledgement },
      };
    case 'closed':
      return questionFormPage(result.meeting, result.window, result.next, { status: 409, keptQuestion: fields.question });
    case 'rate-limited': {
      const page = htmlResponse(429, 'question-limit.njk', {
        meeting: result.meeting,
        limit: questionSettings().ratePerHour,
        retryAt: formatLondonTime(result.retryAt),
        question: fields.question,
      });
      const retryAfter = Math.max(1, Math.ceil((Date.parse(result.retryAt) - now.getTime()) / 1000));
      return { raw: { status: 429, headers: { ...(page.headers as Record<string, string>), 'retry-after': String(retryAfter) }, body: page.body ?? '' } };
    }
  }
};

/** The deletion link from the acknowledgement email: confirm before deleting (a GET never deletes). */
export const showForgetForm: PageFn<'show-forget-form'> = async ({ params }) => {
  const found = await forgetContext(params.questionId, params.key);
  return { view: 'question-forget.njk', data: { ...found, state: found.hasPersonalData ? 'confirm' : 'gone', action: `/questions/${params.questionId}/forget/${params.key}` } };
};

/** Delete the submitter's name and email now; the question stays. Repeating it is harmless. */
export const submitForget: PageFn<'submit-forget'> = async ({ params }) => {
  const { reference } = await forgetSubmitter(params.questionId, params.key);
  return { view: 'question-forget.njk', data: { reference, state: 'deleted' } };
};
