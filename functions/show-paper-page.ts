import { pageRoute, type PageReply } from '../shared/http/handler.js';
import { authorPage } from '../shared/app/papers.js';
import type { AuthorAccess } from '../shared/app/author-link.js';
import { daysLeftText, tag } from '../shared/views/forms.js';

/**
 * The author's page for one request: what is asked, every version so far, the office's comments,
 * and (while the request takes papers) a form that uploads straight to the papers bucket.
 */
export async function paperPage(access: AuthorAccess, baseUrl: string, now: Date, opts: { error?: string; status?: number } = {}): Promise<PageReply> {
  const view = await authorPage(access, baseUrl, now);
  return {
    view: 'paper-page.njk',
    status: opts.status ?? 200,
    // The upload form posts to the bucket: its origin joins the page's CSP form-action.
    formAction: view.upload ? [view.upload.origin] : [],
    data: {
      ...view,
      error: opts.error,
      statusTag: tag('request', view.request.status),
      timelinessTag: tag('timeliness', view.request.timeliness),
      daysLeftText: daysLeftText(view.request.daysLeft),
    },
  };
}

export const handler = pageRoute('show-paper-page', async ({ author, baseUrl, now }) => paperPage(author, baseUrl, now));
