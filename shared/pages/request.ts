/** Page layer (called by functions/ wiring): The staff request page: the request, its papers and history, and the office's decisions. */
import { type PageReply, redirect, type PageFn } from '../http/handler.js';
import { getRequestPage, acceptPaper, publishPaper, returnPaper, staffRequestPath, staffDownload } from '../app/papers.js';
import { type HistoryEntry, type PaperVersion } from '../schemas/papers.js';
import { isLate, staffActor } from '../domain/papers.js';
import { daysLeftText, emailStateLine, fieldErrors, tag, type FieldIssue, field } from '../views/forms.js';
import { paperDecisions } from '../schemas/forms.js';
import { resendRequest, withdrawRequest } from '../app/planning.js';
import { ConflictError, ValidationError } from '../domain/errors.js';

/** What each history entry says, in words. */
export function historyText(h: HistoryEntry, papers: PaperVersion[], dueDate: string): string {
  const paper = papers.find((p) => p.id === h.paperId);
  const version = paper ? `Version ${paper.number}` : 'The paper';
  switch (h.action) {
    case 'requested':
      return 'Paper requested; its link was queued to be emailed to the author and the sponsor';
    case 'link-reissued':
      return 'A new link was issued and queued to be emailed (the previous one stopped working)';
    case 'submitted':
      return `${version} submitted${paper ? (isLate(paper.submittedAt, dueDate) ? ' (late)' : ' (on time)') : ''}`;
    case 'accepted':
      return `${version} accepted`;
    case 'returned':
      return `${version} returned to the author with comments`;
    case 'published':
      return `${version} published`;
    case 'withdrawn':
      return 'Request withdrawn';
    case 'due-date-changed':
      return h.note ?? 'Due date changed';
  }
}

/** The staff page of one request: its versions, the decision forms and its history. */
export async function requestPage(
  meetingId: string,
  requestId: string,
  now: Date,
  opts: { done?: string; issues?: FieldIssue[]; values?: { comments: string }; status?: number } = {},
): Promise<PageReply> {
  const view = await getRequestPage(meetingId, requestId, now);
  const { request, meeting } = view;
  return {
    view: 'request.njk',
    status: opts.status ?? 200,
    data: {
      section: 'meetings',
      meeting,
      request,
      papers: view.papers,
      history: view.history.map((h) => ({ ...h, text: historyText(h, view.file.papers, request.dueDate) })),
      emailRows: (request.requestEmails ?? []).map((e) => ({
        key: { text: e.purpose === 'request-author' ? 'Email to the author' : 'Email to the sponsor' },
        value: { text: emailStateLine(e) },
      })),
      statusTag: tag('request', request.status),
      timelinessTag: tag('timeliness', request.timeliness),
      daysLeftText: daysLeftText(request.daysLeft),
      canPublish: meeting.status === 'agenda-published' || meeting.status === 'held',
      done: opts.done,
      values: opts.values ?? { comments: '' },
      errors: fieldErrors(opts.issues ?? [], (f) => (f === 'comments' ? 'comments' : 'decision')),
    },
  };
}

const doneMessages: Record<string, string> = {
  accepted: 'Paper accepted',
  returned: 'Paper returned to the author with your comments',
  published: 'Paper published on the public meeting page',
  reissued: 'A new link was issued: it is being emailed to the author and the sponsor',
  withdrawn: 'Request withdrawn',
};

export const showRequest: PageFn<'show-request'> = async ({ params, event, now }) =>
  requestPage(params.meetingId, params.requestId, now, { done: doneMessages[event.queryStringParameters?.done ?? ''] });

type Decision = (typeof paperDecisions)[number];
const done: Record<Decision, string> = { accept: 'accepted', return: 'returned', publish: 'published', reissue: 'reissued', withdraw: 'withdrawn' };

/** One form route for the request page's decisions, chosen by the `decision` field; back to the page after. */
export const submitPaperDecision: PageFn<'submit-paper-decision'> = async ({ params, form, fields, formIssues, user, baseUrl, now }) => {
  const { meetingId, requestId } = params;
  const comments = field(form, 'comments');
  const by = staffActor(user);
  const again = (issues: FieldIssue[], status: number) => requestPage(meetingId, requestId, now, { issues, values: { comments }, status });

  if (!fields) return again(formIssues, 400);
  const { decision, version } = fields;
  try {
    if (decision === 'accept') await acceptPaper(meetingId, requestId, by, now, version);
    if (decision === 'return') await returnPaper(meetingId, requestId, comments, by, now, version);
    if (decision === 'publish') await publishPaper(meetingId, requestId, by, baseUrl, now, version);
    if (decision === 'reissue') await resendRequest(meetingId, requestId, baseUrl, now, by);
    if (decision === 'withdraw') await withdrawRequest(meetingId, requestId, now, by);
  } catch (error) {
    if (error instanceof ValidationError) return again([{ field: error.issues[0]?.field ?? 'decision', message: error.message }], 400);
    if (error instanceof ConflictError) return again([{ field: 'decision', message: error.message }], 409);
    throw error;
  }
  return redirect(`${staffRequestPath(meetingId, requestId)}?done=${done[decision]}`);
};

/** Staff: download a version (a redirect to a link that works for a few minutes). */
export const downloadStaffPaper: PageFn<'download-staff-paper'> = async ({ params }) =>
  redirect((await staffDownload(params.meetingId, params.requestId, params.versionId)).url);
