// A namespace import lets esbuild leave out what we do not use (zod's locales: ~370 KB a bundle).
import * as z from 'zod';
import { pageRoute, redirect } from '../shared/http/handler.js';
import { moveAgendaItem } from '../shared/app/planning.js';
import { invalid } from '../shared/domain/errors.js';
import { field } from '../shared/views/forms.js';

/** The "Move up" / "Move down" buttons: swap an agenda item with its neighbour, then back to the agenda. */
export const handler = pageRoute('submit-agenda-move', async ({ params, form, now }) => {
  const direction = z.enum(['up', 'down']).safeParse(field(form, 'direction'));
  if (!direction.success) throw invalid('direction', 'Choose whether to move the item up or down');
  // The agenda's version as the page showed it, so two people moving items at once cannot both win.
  const version = z.coerce.number().int().min(1).safeParse(field(form, 'version') || undefined);
  if (!version.success) throw invalid('version', 'The form is out of date. Reload the page and try again.');
  await moveAgendaItem(params.meetingId, params.itemId, direction.data, version.data, now);
  return redirect(`/staff/meetings/${params.meetingId}#agenda`);
});
