/**
 * Page layer (called by functions/ wiring): the minutes as a Word document, for staff (any status)
 * and the public (published only: 404 otherwise). Kept apart from pages/minutes.ts so only these two
 * functions carry the docx library (test/unit/infra/bundles.test.ts: "document functions").
 */
import type { PageFn, PageReply } from '../http/handler.js';
import { loadMinutes, minutesModel, publicMinutes, type LoadedMinutes } from '../app/minutes.js';
import { minutesDocx } from '../documents/minutes-docx.js';
import { londonDate } from '../domain/time.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

async function download(loaded: LoadedMinutes, baseUrl: string): Promise<PageReply> {
  const body = await minutesDocx(minutesModel(loaded), baseUrl);
  const name = `minutes-${londonDate(loaded.stored.start)}${loaded.minutes.status === 'approved' ? '' : '-draft'}.docx`;
  return { raw: { status: 200, headers: { 'content-type': DOCX, 'content-disposition': `attachment; filename="${name}"` }, body: body.toString('base64'), isBase64Encoded: true } };
}

export const downloadStaffMinutes: PageFn<'download-staff-minutes'> = async ({ params, baseUrl, now }) => download(await loadMinutes(params.meetingId, now), baseUrl);
export const downloadPublicMinutes: PageFn<'download-public-minutes'> = async ({ params, baseUrl, now }) => download(await publicMinutes(params.meetingId, now), baseUrl);
