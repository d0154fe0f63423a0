import { pageRoute, redirect } from '../shared/http/handler.js';
import { acceptPaper, publishPaper, returnPaper, staffRequestPath } from '../shared/app/papers.js';
import { resendRequest, withdrawRequest } from '../shared/app/planning.js';
import { ConflictError, ValidationError } from '../shared/domain/errors.js';
import { staffActor } from '../shared/domain/papers.js';
import { field } from '../shared/views/forms.js';
import { requestPage } from './show-request.js';

const decisions = ['accept', 'return', 'publish', 'reissue', 'withdraw'] as const;
type Decision = (typeof decisions)[number];
const done: Record<Decision, string> = { accept: 'accepted', return: 'returned', publish: 'published', reissue: 'reissued', withdraw: 'withdrawn' };

/** One form route for the request page's decisions, chosen by the `decision` field; back to the page after. */
export const handler = pageRoute('submit-paper-decision', async ({ params, form, user, baseUrl, now }) => {
  const { meetingId, requestId } = params;
  const decision = field(form, 'decision') as Decision;
  const comments = field(form, 'comments');
  const versionText = field(form, 'version');
  const version = /^\d+$/.test(versionText) ? Number(versionText) : undefined;
  const by = staffActor(user);
  const again = (message: string, fieldName: string, status: number) =>
    requestPage(meetingId, requestId, now, { issues: [{ field: fieldName, message }], values: { comments }, status });

  if (!decisions.includes(decision)) return again('Choose what to do with the paper', 'decision', 400);
  try {
    if (decision === 'accept') await acceptPaper(meetingId, requestId, by, now, version);
    if (decision === 'return') {
      if (!comments.trim()) return again('Enter the comments for the author', 'comments', 400);
      await returnPaper(meetingId, requestId, comments, by, now, version);
    }
    if (decision === 'publish') await publishPaper(meetingId, requestId, by, baseUrl, now, version);
    if (decision === 'reissue') await resendRequest(meetingId, requestId, baseUrl, now, by);
    if (decision === 'withdraw') await withdrawRequest(meetingId, requestId, now, by);
  } catch (error) {
    if (error instanceof ValidationError) return again(error.message, error.issues[0]?.field ?? 'decision', 400);
    if (error instanceof ConflictError) return again(error.message, 'decision', 409);
    throw error;
  }
  return redirect(`${staffRequestPath(meetingId, requestId)}?done=${done[decision]}`);
});
