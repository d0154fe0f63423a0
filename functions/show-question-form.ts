import { randomBytes } from 'node:crypto';
import { pageRoute, type PageReply } from '../shared/http/handler.js';
import { formPath, questionFormContext, questionSettings } from '../shared/app/questions.js';
import type { QuestionWindow } from '../shared/domain/questions.js';
import { districts, districtLabel } from '../shared/schemas/questions.js';
import { withDeadlines } from '../shared/app/planning.js';
import { fieldErrors, type FieldIssue } from '../shared/views/forms.js';

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
  opts: { values?: QuestionFormValues; issues?: FieldIssue[]; status?: number } = {},
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
      districtItems: [
        ...westYorkshire.map((d) => ({ value: d, text: d, checked: values.district === d })),
        { divider: 'or' },
        { value: 'outside', text: districtLabel('outside'), checked: values.district === 'outside' },
      ],
    },
  };
}

export const handler = pageRoute('show-question-form', async ({ params, now }) => {
  const { meeting, window, next } = await questionFormContext(params.meetingId, now);
  return questionFormPage(meeting, window, next);
});
