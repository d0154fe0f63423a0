/**
 * Page layer (called by functions/ wiring): an uploaded minutes file or pasted text → the review form
 * (issue 13 §4). A document-function module: it carries mammoth (shared/app/minutes-import.ts), so
 * only the upload's function imports it. Nothing is saved.
 */
import type { PageFn } from '../http/handler.js';
import { isUploadedFile } from '../http/multipart.js';
import { proposeFromFile, proposeFromText } from '../app/minutes-import.js';
import { DomainError } from '../domain/errors.js';
import { MAX_MINUTES_BYTES } from '../schemas/minutes-import.js';
import { reviewPage, reviewValues, uploadPage } from './minutes-import.js';
import { field } from '../views/forms.js';

export { MAX_MINUTES_BYTES };
export const tooLargeMessage = `The file is larger than ${MAX_MINUTES_BYTES / 1024 / 1024} MB (the most a request can carry to the service in AWS). Remove the images or the papers appended to the minutes, or paste the text of the minutes instead.`;

export const submitMinutesImport: PageFn<'submit-minutes-import'> = async ({ form }) => {
  const text = field(form, 'text');
  const file = (form as Record<string, unknown>).file;
  try {
    const made = isUploadedFile(file) && file.content.length > 0 ? await proposeFromFile(file.content, { filename: file.filename, contentType: file.mimetype }) : proposeFromText(text);
    return reviewPage(reviewValues(made.importKey, made.proposal), { asks: made.proposal.issues });
  } catch (error) {
    if (error instanceof DomainError && error.status < 500) {
      return uploadPage({ text, problem: error.message, issues: error.issues.length ? error.issues : [{ field: 'file', message: error.message }], status: error.status });
    }
    throw error;
  }
};
