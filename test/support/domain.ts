/** For the unit tests of the domain rules. */
import { ValidationError } from '../../shared/domain/errors.js';

/** The fields a rule's ValidationError names; any other error is thrown on, and no error fails. */
export function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.issues.map((i) => i.field);
    throw e;
  }
  throw new Error('expected a ValidationError');
}
