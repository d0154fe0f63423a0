/** Typed errors the domain throws; `problemOf` in shared/http/handler.ts maps each to one status code. */
export interface FieldIssue {
  /** Dotted path of the field, e.g. `author.email`. */
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429,
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
export class NotFoundError extends DomainError {
  constructor(message: string) {
    super(404, message);
  }
}
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
