/** Page layer (called by functions/ wiring): The public meeting page and its paper downloads. */
import { redirect, type PageFn } from '../http/handler.js';
import { publicMeeting, publicDownload } from '../app/papers.js';
import { publicQuestionSection } from '../app/questions.js';

/**
 * The public page of one meeting: when and where, the livestream, and once the agenda pack is
 * published the agenda with each paper (or "to follow").
 */
export const showPublicMeeting: PageFn<'show-public-meeting'> = async ({ params, now }) => {
  const { meeting, agendaPublished, agenda, bundle } = await publicMeeting(params.meetingId);
  return {
    view: 'public-meeting.njk',
    data: {
      meeting,
      agendaPublished,
      agenda,
      // Public questions (issue 4): the form link, or after the meeting the questions and answers.
      questions: await publicQuestionSection(bundle.meeting, now, bundle.agendaItems),
    },
  };
};

/** Everyone: download a published paper (a redirect to a link that works for a few minutes). */
export const downloadPublicPaper: PageFn<'download-public-paper'> = async ({ params }) => redirect(await publicDownload(params.meetingId, params.requestId));
