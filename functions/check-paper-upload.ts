import { pageRoute, redirect, type PageReply } from '../shared/http/handler.js';
import { authorSummary, checkUpload } from '../shared/app/papers.js';
import { UploadRefused, uploadMessages } from '../shared/domain/errors.js';
import type { AuthorAccess } from '../shared/app/author-link.js';
import { ConflictError } from '../shared/domain/errors.js';
import { formatSize, type CheckedUpload } from '../shared/domain/papers.js';
import { SUMMARY_MAX_CHARACTERS } from '../shared/schemas/papers.js';
import { fieldErrors, type FieldIssue } from '../shared/views/forms.js';
import { paperPage } from './show-paper-page.js';

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
export const handler = pageRoute('check-paper-upload', async ({ author, event, baseUrl, now }) => {
  const uploadId = event.queryStringParameters?.upload ?? '';
  if (!ULID.test(uploadId)) return paperPage(author, baseUrl, now, { error: uploadMessages.missing, status: 400 });
  try {
    const checked = await checkUpload(author, uploadId);
    if ('submitted' in checked && checked.submitted) return redirect(`${authorSummary(author, now).link}#version-${checked.submitted.id}`);
    return confirmPage(author, checked.upload!, now);
  } catch (error) {
    return refusedUpload(error, author, baseUrl, now);
  }
});
