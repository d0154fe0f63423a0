/** Page layer (called by functions/ wiring): The author's pages: the request's paper page, confirming an upload, and submitting it. */
import { type PageReply, redirect, type PageFn } from '../http/handler.js';
import { authorPage, authorSummary, checkUpload, inspectUpload, submitPaper as recordSubmission } from '../app/papers.js';
import { type AuthorAccess } from '../app/author-link.js';
import { daysLeftText, tag, fieldErrors, type FieldIssue, field } from '../views/forms.js';
import { UploadRefused, uploadMessages, ConflictError, ValidationError } from '../domain/errors.js';
import { formatSize, type CheckedUpload, isLate } from '../domain/papers.js';
import { SUMMARY_MAX_CHARACTERS } from '../schemas/papers.js';

/**
 * The author's page for one request: what is asked, every version so far, the office's comments,
 * and (while the request takes papers) a form that uploads straight to the papers bucket.
 */
export async function paperPage(access: AuthorAccess, baseUrl: string, now: Date, opts: { error?: string; status?: number } = {}): Promise<PageReply> {
  const view = await authorPage(access, baseUrl, now);
  return {
    view: 'paper-page.njk',
    status: opts.status ?? 200,
    // The upload form posts to the bucket: its origin joins the page's CSP form-action.
    formAction: view.upload ? [view.upload.origin] : [],
    data: {
      ...view,
      error: opts.error,
      statusTag: tag('request', view.request.status),
      timelinessTag: tag('timeliness', view.request.timeliness),
      daysLeftText: daysLeftText(view.request.daysLeft),
    },
  };
}

export const showPaperPage: PageFn<'show-paper-page'> = async ({ author, baseUrl, now }) => paperPage(author, baseUrl, now);

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** The confirm step: which requested points the paper covers, and a short summary. */
export function confirmPage(
  access: AuthorAccess,
  upload: CheckedUpload,
  now: Date,
  opts: { values?: { points: number[]; summary: string }; issues?: FieldIssue[]; status?: number } = {},
): PageReply {
  const summary = authorSummary(access, now);
  const values = opts.values ?? { points: [], summary: '' };
  return {
    view: 'paper-confirm.njk',
    status: opts.status ?? 200,
    data: {
      request: summary.request,
      link: summary.link,
      uploadId: upload.id,
      format: upload.kind === 'pdf' ? 'PDF' : 'Word document',
      size: formatSize(upload.size),
      pointItems: access.request.points.map((text, i) => ({ value: String(i), text, checked: values.points.includes(i) })),
      values,
      summaryMax: SUMMARY_MAX_CHARACTERS,
      errors: fieldErrors(opts.issues ?? [], (f) => (f === 'points' ? 'points' : f)),
    },
  };
}

/** What a refused or impossible upload shows: the author page again, with the reason and a fresh form. */
export async function refusedUpload(error: unknown, access: AuthorAccess, baseUrl: string, now: Date): Promise<PageReply> {
  if (error instanceof UploadRefused) return paperPage(access, baseUrl, now, { error: error.message, status: error.status });
  if (error instanceof ConflictError) return paperPage(access, baseUrl, now, { error: error.message, status: 409 });
  throw error;
}

/**
 * S3 sends the browser here after the upload (`?upload=<id>&bucket=&key=&etag=`). The file is checked
 * by its size and first bytes; a PDF or .docx goes on to the confirm step, anything else is deleted.
 */
export const checkPaperUpload: PageFn<'check-paper-upload'> = async ({ author, event, baseUrl, now }) => {
  const uploadId = event.queryStringParameters?.upload ?? '';
  if (!ULID.test(uploadId)) return paperPage(author, baseUrl, now, { error: uploadMessages.missing, status: 400 });
  try {
    const checked = await checkUpload(author, uploadId);
    if ('submitted' in checked && checked.submitted) return redirect(`${authorSummary(author, now).link}#version-${checked.submitted.id}`);
    return confirmPage(author, checked.upload!, now);
  } catch (error) {
    return refusedUpload(error, author, baseUrl, now);
  }
};

/**
 * The confirm form: records the version (once per upload id; a second submit answers the same
 * confirmation) and sends the receipts.
 */
export const submitPaper: PageFn<'submit-paper'> = async ({ author, form, fields, formIssues, baseUrl, now }) => {
  const points = form.points === undefined ? [] : [form.points].flat();
  const values = { points: points.map(Number).filter(Number.isInteger), summary: field(form, 'summary') };
  if (formIssues.some((i) => i.field === 'upload')) return paperPage(author, baseUrl, now, { error: uploadMessages.missing, status: 400 });
  const again = async (issues: { field: string; message: string }[]) => {
    const upload = await inspectUpload(author.meeting.id, author.request.id, field(form, 'upload'));
    return confirmPage(author, upload, now, { values, issues, status: 400 });
  };
  try {
    if (!fields) return await again(formIssues.map((i) => ({ ...i, field: i.field.split('.')[0]! })));
    const { paper, request } = await recordSubmission(author, fields, baseUrl, now);
    return {
      view: 'paper-submitted.njk',
      data: { paper, request, late: isLate(paper.submittedAt, request.dueDate), link: authorSummary(author, now).link },
    };
  } catch (error) {
    if (error instanceof ValidationError) return again(error.issues);
    return refusedUpload(error, author, baseUrl, now);
  }
};
