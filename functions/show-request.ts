import { pageRoute, type PageReply } from '../shared/http/handler.js';
import { getRequestPage } from '../shared/app/papers.js';
import type { HistoryEntry, PaperVersion } from '../shared/schemas/papers.js';
import { isLate } from '../shared/domain/papers.js';
import { daysLeftText, fieldErrors, tag, type FieldIssue } from '../shared/views/forms.js';

/** What each history entry says, in words. */
export function historyText(h: HistoryEntry, papers: PaperVersion[], dueDate: string): string {
  const paper = papers.find((p) => p.id === h.paperId);
  const version = paper ? `Version ${paper.number}` : 'The paper';
  switch (h.action) {
    case 'requested':
      return 'Paper requested; the author and the sponsor were emailed the link';
    case 'link-reissued':
      return 'A new link was sent (the previous one stopped working)';
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
  reissued: 'A new link was sent to the author and the sponsor',
  withdrawn: 'Request withdrawn',
};

export const handler = pageRoute('show-request', async ({ params, event, now }) =>
  requestPage(params.meetingId, params.requestId, now, { done: doneMessages[event.queryStringParameters?.done ?? ''] }),
);
