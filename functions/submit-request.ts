import { pageRoute, redirect } from '../shared/http/handler.js';
import { createRequest } from '../shared/app/planning.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/domain/errors.js';
import { CreateRequestInput } from '../shared/schemas/entities.js';
import { dateFields, field, lines, parseDateParts, zodIssues, type DatePart, type FieldIssue } from '../shared/views/forms.js';
import { requestFormPage, type RequestFormValues } from './show-request-form.js';
import { staffActor } from '../shared/domain/papers.js';

const rename = (path: string) => (path.startsWith('points') ? 'points' : path);

/** "Request a paper": stores the request, emails the author and the sponsor, then back to the meeting. */
export const handler = pageRoute('submit-request', async ({ params, form, user, baseUrl, now }) => {
  const values: RequestFormValues = {
    topicId: field(form, 'topicId'),
    points: field(form, 'points'),
    'sponsor-name': field(form, 'sponsor-name'),
    'sponsor-email': field(form, 'sponsor-email'),
    'author-name': field(form, 'author-name'),
    'author-email': field(form, 'author-email'),
    dueDate: dateFields(form, 'dueDate'),
  };
  const again = (issues: FieldIssue[], status = 400, dateParts: DatePart[] = []) =>
    requestFormPage(params.meetingId, now, { values, issues, dateParts, status });

  const issues: FieldIssue[] = [];
  const due = parseDateParts(values.dueDate, 'Due date');
  if (!due.ok) issues.push({ field: 'dueDate', message: due.message });
  const points = lines(values.points);
  const parsed = CreateRequestInput.safeParse({
    topicId: values.topicId || undefined,
    sponsor: { name: values['sponsor-name'], email: values['sponsor-email'] },
    author: { name: values['author-name'], email: values['author-email'] },
    // Left empty: the topic's own points.
    points: points.length ? points : undefined,
    dueDate: due.ok ? due.date : undefined,
  });
  if (!parsed.success) {
    issues.push(
      ...zodIssues(parsed.error, rename).map((i) => (i.field === 'topicId' ? { ...i, message: 'Select the topic of the paper' } : i)),
    );
  }
  if (issues.length || !parsed.success) return again(issues, 400, due.ok ? [] : due.parts);

  try {
    const request = await createRequest(params.meetingId, { ...parsed.data, topicId: parsed.data.topicId }, baseUrl, now, staffActor(user));
    return redirect(`/staff/meetings/${params.meetingId}?sent=${request.id}`);
  } catch (error) {
    // The meeting itself missing is a 404 page; anything about the form goes back to the form.
    if (error instanceof NotFoundError && error.entity === 'topic') return again([{ field: 'topicId', message: 'Select a topic from the list' }]);
    if (error instanceof ConflictError) return again([{ field: 'topicId', message: error.message }], 409);
    if (error instanceof ValidationError) return again(error.issues.map((i) => ({ ...i, field: rename(i.field) })));
    throw error;
  }
});
