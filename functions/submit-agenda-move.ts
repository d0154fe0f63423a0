import { z } from 'zod';
import { pageRoute, redirect } from '../shared/http/handler.js';
import { moveAgendaItem } from '../shared/app/planning.js';
import { invalid } from '../shared/domain/errors.js';
import { field } from '../shared/views/forms.js';

/** The "Move up" / "Move down" buttons: swap an agenda item with its neighbour, then back to the agenda. */
export const handler = pageRoute('submit-agenda-move', async ({ params, form, now }) => {
  const direction = z.enum(['up', 'down']).safeParse(field(form, 'direction'));
  if (!direction.success) throw invalid('direction', 'Choose whether to move the item up or down');
  await moveAgendaItem(params.meetingId, params.itemId, direction.data, now);
  return redirect(`/staff/meetings/${params.meetingId}#agenda`);
});
