/** Schemas of the staff home (issue 12 §1): its query (sorting and the overdue filter, links without JavaScript). */
// A namespace import lets esbuild leave out what we do not use (zod's locales: ~370 KB a bundle).
import * as z from 'zod';
import { overviewSorts } from '../domain/overview.js';
import { id } from './common.js';

export const StaffHomeQuery = z.object({
  sort: z.enum(overviewSorts, { error: `Sort by one of: ${overviewSorts.join(', ')}` }).default('due'),
  show: z.enum(['all', 'overdue'], { error: 'Show all papers or only the overdue ones (all, overdue)' }).default('all'),
  // The banner after "Send a reminder now": what happened, and to which request.
  reminded: z.enum(['queued', 'already-sent'], { error: 'Unknown reminder outcome' }).optional(),
  // The banner after "Send again" of a failed email.
  resent: z.enum(['queued', 'not-failed'], { error: 'Unknown outcome of sending an email again' }).optional(),
  request: id('the request id').optional(),
});
export type StaffHomeQuery = z.infer<typeof StaffHomeQuery>;
