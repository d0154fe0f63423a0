import { pageRoute, redirect } from '../shared/http/handler.js';
import { publishAgenda } from '../shared/app/papers.js';
import { withDeadlines } from '../shared/app/planning.js';
import { staffActor } from '../shared/domain/papers.js';
import { ConfirmationNeeded, ConflictError } from '../shared/domain/errors.js';
import { meetingStore } from '../shared/store/store.js';

/**
 * "Publish the agenda pack": publishes when every paper is accepted; otherwise a confirm step lists
 * the papers still missing (they show as "to follow") and posts again with `confirm=yes`.
 */
export const handler = pageRoute('submit-agenda-publication', async ({ params, fields, user, baseUrl, now }) => {
  try {
    await publishAgenda(params.meetingId, fields?.confirm ?? false, staffActor(user), baseUrl, now);
    return redirect(`/staff/meetings/${params.meetingId}?published=1#publication`);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const meeting = await meetingStore.get(params.meetingId);
    if (!meeting) throw error;
    return {
      view: 'agenda-publication.njk',
      status: error instanceof ConfirmationNeeded ? 200 : 409,
      data: {
        section: 'meetings',
        meeting: withDeadlines(meeting),
        missing: error instanceof ConfirmationNeeded ? error.missing : [],
        problem: error instanceof ConfirmationNeeded ? undefined : error.message,
      },
    };
  }
});
