/**
 * Every typed error the code throws, in one place; shared/http/handler.ts maps each to its status
 * (a JSON problem for the API, a GOV.UK page for pages). Handlers branch on a class and its fields
 * (`NotFoundError.entity`, `AuthorLinkError.problem`), never on a message's text.
 */
import { MAX_PAPER_BYTES } from '../schemas/papers.js';

export interface FieldIssue {
  /** Dotted path of the field, e.g. `author.email`. */
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, issues: FieldIssue[] = []) {
    super(400, message, issues);
  }
}
/** What a NotFoundError could not find, so a handler can tell a missing topic from a missing meeting. */
export type Entity = 'meeting' | 'topic' | 'request' | 'question' | 'action' | 'paper' | 'agenda-item' | 'person';

export class NotFoundError extends DomainError {
  constructor(
    message: string,
    readonly entity?: Entity,
  ) {
    super(404, message);
  }
}

/** The not-found errors every use-case throws, each naming its entity. */
export const notFound = {
  meeting: (id: string) => new NotFoundError(`There is no meeting with id ${id}`, 'meeting'),
  request: (id: string) => new NotFoundError(`There is no report request with id ${id} for that meeting`, 'request'),
  question: (id: string) => new NotFoundError(`There is no question with id ${id} for that meeting`, 'question'),
  action: (id: string) => new NotFoundError(`There is no action with id ${id} at that meeting`, 'action'),
};
export class ConflictError extends DomainError {
  constructor(message: string) {
    super(409, message);
  }
}
export class UnauthorizedError extends DomainError {
  constructor(message = 'Sign in to use this. Send a staff token as "Authorization: Bearer <token>".') {
    super(401, message);
  }
}
export class ForbiddenError extends DomainError {
  constructor(message = 'Your account is not in the staff group, so it cannot use this.') {
    super(403, message);
  }
}

/** A single-field validation failure. */
export const invalid = (field: string, message: string) => new ValidationError(message, [{ field, message }]);

// ---- papers ----

export type LinkProblem = 'unknown' | 'withdrawn' | 'expired' | 'cancelled';

const linkMessages: Record<LinkProblem, string> = {
  unknown: 'This link does not work. It may have been copied wrongly, or replaced by a newer link.',
  withdrawn: 'The office has withdrawn this request for a paper, so its link no longer works.',
  expired: 'The meeting this paper was for has taken place, so the link no longer works.',
  cancelled: 'The meeting this paper was for has been cancelled, so the link no longer works.',
};

/**
 * A link that does not open an author page. `unknown` (no such request, or the wrong secret) is a
 * 404 and says nothing about any request; the others are 410 (the link was right but has stopped).
 */
export class AuthorLinkError extends DomainError {
  constructor(
    readonly problem: LinkProblem,
    /** The request's title, only when the secret matched (so the author sees which paper it was). */
    readonly requestTitle?: string,
  ) {
    super(problem === 'unknown' ? 404 : 410, linkMessages[problem]);
  }
}

export interface MissingPaper {
  title: string;
  /** The request's status, or "not requested" for a topic on the agenda with no paper asked for. */
  status: string;
  requestId?: string;
}

/** Publishing before every paper is accepted needs `confirm`; the API answers 409 with this message. */
export class ConfirmationNeeded extends ConflictError {
  constructor(readonly missing: MissingPaper[]) {
    super(
      `${missing.length === 1 ? '1 paper is' : `${missing.length} papers are`} not accepted yet: ` +
        `${missing.map((m) => `${m.title} (${m.status})`).join('; ')}. ` +
        'To publish the agenda pack without them (they show as "to follow"), confirm: send { "confirm": true }.',
    );
    this.issues.push(...missing.map((m) => ({ field: 'confirm', message: `${m.title}: ${m.status}` })));
  }
}

export type UploadProblem = 'missing' | 'too-large' | 'empty' | 'wrong-type';

export const uploadMessages: Record<UploadProblem, string> = {
  missing: 'We did not receive a file. Choose your paper and upload it again.',
  'too-large': `The file is larger than ${MAX_PAPER_BYTES / 1024 / 1024} MB, so it was not kept. Make it smaller (for example, compress its images) and upload it again.`,
  empty: 'The file is empty, so it was not kept. Choose your paper and upload it again.',
  'wrong-type': 'The file is not a PDF or a Word document (.docx), so it was not kept. Save your paper as a PDF or .docx and upload it again.',
};

/** An upload that is not a paper: the file is gone and the request is as it was. */
export class UploadRefused extends DomainError {
  constructor(readonly problem: UploadProblem) {
    super(problem === 'too-large' ? 413 : problem === 'wrong-type' ? 415 : 400, uploadMessages[problem]);
  }
}

// ---- forms ----

/** A staff form post without this session's CSRF token (shared/http/csrf.ts). */
export class CsrfError extends DomainError {
  constructor() {
    super(
      403,
      'It did not carry the security code of your current sign-in, so nothing was changed. This happens when the form was opened before you signed in again, or when another website tried to send it. Go back, reload the page and send the form again.',
    );
  }
}
