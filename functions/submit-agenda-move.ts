import { pageRoute, redirect } from '../shared/http/handler.js';
import { moveAgendaItem } from '../shared/app/planning.js';
import { invalid } from '../shared/domain/errors.js';

/** The "Move up" / "Move down" buttons: swap an agenda item with its neighbour, then back to the agenda. */
// The form carries the agenda's version as the page showed it, so two people moving items at once cannot both win.
export const handler = pageRoute('submit-agenda-move', async ({ params, fields, formIssues: [issue], now }) => {
  if (!fields) throw invalid(issue!.field, issue!.message);
  await moveAgendaItem(params.meetingId, params.itemId, fields.direction, fields.version, now);
  return redirect(`/staff/meetings/${params.meetingId}#agenda`);
});
