import { pageRoute } from '../shared/http/handler.js';
import { authorSummary, inspectUpload, submitPaper } from '../shared/app/papers.js';
import { ValidationError } from '../shared/domain/errors.js';
import { uploadMessages } from '../shared/domain/errors.js';
import { isLate } from '../shared/domain/papers.js';
import { SubmitPaperForm } from '../shared/schemas/papers.js';
import { field, zodIssues } from '../shared/views/forms.js';
import { paperPage } from './show-paper-page.js';
import { confirmPage, refusedUpload } from './check-paper-upload.js';

/**
 * The confirm form: records the version (once per upload id; a second submit answers the same
 * confirmation) and sends the receipts.
 */
export const handler = pageRoute('submit-paper', async ({ author, form, baseUrl, now }) => {
  const points = form.points === undefined ? [] : [form.points].flat();
  const values = { points: points.map(Number).filter(Number.isInteger), summary: field(form, 'summary') };
  const parsed = SubmitPaperForm.safeParse({ upload: field(form, 'upload'), points, summary: values.summary });
  if (!parsed.success && !SubmitPaperForm.shape.upload.safeParse(field(form, 'upload')).success) {
    return paperPage(author, baseUrl, now, { error: uploadMessages.missing, status: 400 });
  }
  const again = async (issues: { field: string; message: string }[]) => {
    const upload = await inspectUpload(author.meeting.id, author.request.id, field(form, 'upload'));
    return confirmPage(author, upload, now, { values, issues, status: 400 });
  };
  try {
    if (!parsed.success) return await again(zodIssues(parsed.error, (p) => p.split('.')[0]!));
    const { paper, request } = await submitPaper(author, parsed.data, baseUrl, now);
    return {
      view: 'paper-submitted.njk',
      data: { paper, request, late: isLate(paper.submittedAt, request.dueDate), link: authorSummary(author, now).link },
    };
  } catch (error) {
    if (error instanceof ValidationError) return again(error.issues);
    return refusedUpload(error, author, baseUrl, now);
  }
});
