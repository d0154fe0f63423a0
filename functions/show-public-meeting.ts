import { pageRoute } from '../shared/http/handler.js';
import { publicMeeting } from '../shared/app/papers.js';
import { publicQuestionSection } from '../shared/app/questions.js';

/**
 * The public page of one meeting: when and where, the livestream, and once the agenda pack is
 * published the agenda with each paper (or "to follow").
 */
export const handler = pageRoute('show-public-meeting', async ({ params, now }) => {
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
});
