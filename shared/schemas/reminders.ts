/** Schemas for staff's reminder switches (issue 5). */
// A namespace import lets esbuild leave out what we do not use (zod's locales: ~370 KB a bundle).
import * as z from 'zod';
import { reminderKinds } from '../domain/reminders.js';
import { email } from './common.js';

export const ReminderSwitchInput = z
  .object({
    kind: z.enum(reminderKinds, { error: `Kind must be one of: ${reminderKinds.join(', ')}` }).optional(),
    recipient: email('the recipient’s email address').optional(),
    off: z.boolean({ error: 'Say whether to switch it off (true) or back on (false)' }),
  })
  .refine((v) => (v.kind === undefined) !== (v.recipient === undefined), { error: 'Give either a kind or a recipient', path: ['kind'] });

/** Several switches at once: the staff page's one form of checkboxes. */
export const ReminderSwitchesInput = z.object({
  switches: z.array(ReminderSwitchInput).max(500, { error: 'Send at most 500 switches at once' }),
});
