/** Page layer (called by functions/ wiring): The public meeting page and its paper downloads. */
import { redirect, type PageFn } from '../http/handler.js';
import { publicMeeting, publicDownload } from '../app/papers.js';
import { publicQuestionSection } from '../app/questions.js';
import { publicRecord } from '../app/archive.js';

/**
 * The public page of one meeting: when and where, the livestream, and once the agenda pack is
 * published the agenda with each paper (or "to follow"); once held, what happened at it.
 */
export const showPublicMeeting: PageFn<'show-public-meeting'> = async ({ params, now }) => {
  const { meeting, agendaPublished, agenda, bundle } = await publicMeeting(params.meetingId, now);
  const [questions, record] = await Promise.all([
    // Public questions (issue 4): the form link, or after the meeting the questions and answers.
    publicQuestionSection(bundle.meeting, now, bundle.agendaItems),
    // After the meeting (issue 13 §3): minutes, attendance, actions, recording; the previous minutes.
    publicRecord(bundle, now),
  ]);
  return { view: 'public-meeting.njk', data: { meeting, agendaPublished, agenda, questions, record } };
};

/** Everyone: download a published paper (a redirect to a link that works for a few minutes). */
export const downloadPublicPaper: PageFn<'download-public-paper'> = async ({ params }) => redirect(await publicDownload(params.meetingId, params.requestId));
