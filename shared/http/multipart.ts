/**
 * The multipart/form-data body parser (a file upload form), for the page functions that take one:
 * they pass it to `pageRoute`, so no other function carries it. @middy/http-multipart-body-parser
 * (busboy) reads the parts; a file past the limit is a 413 that says what to do. A post that is not
 * multipart is read as a url-encoded form (pasted text alone), so the access and CSRF checks answer
 * as on every other form.
 */
import httpMultipartBodyParser from '@middy/http-multipart-body-parser';
import urlEncodeBodyParser from '@middy/http-urlencode-body-parser';
import type middy from '@middy/core';
import { DomainError } from '../domain/errors.js';

/** A file in a multipart post, as the parser hands it over. */
export interface UploadedFile {
  filename: string;
  mimetype: string;
  content: Buffer;
}

export const isUploadedFile = (v: unknown): v is UploadedFile => typeof v === 'object' && v !== null && Buffer.isBuffer((v as UploadedFile).content);

export function multipartForm(maxBytes: number, tooLarge: string): middy.MiddlewareObj {
  const parser = httpMultipartBodyParser({ busboy: { limits: { fileSize: maxBytes, fieldSize: maxBytes, files: 1 } } });
  // Anything else is read as the other forms are, so the access and CSRF checks answer as they do there.
  const urlEncoded = urlEncodeBodyParser({ disableContentTypeError: false });
  return {
    before: async (request) => {
      if (!/^multipart\/form-data/i.test((request.event as { headers?: Record<string, string> }).headers?.['content-type'] ?? '')) return urlEncoded.before!(request as never);
      try {
        await parser.before!(request as never);
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode;
        if (status === 413) throw new DomainError(413, tooLarge);
        if (status === 415) throw new DomainError(415, 'Send the form as multipart/form-data (the upload form does this).');
        throw new DomainError(400, 'The form could not be read. Go back and send it again.');
      }
    },
  };
}
