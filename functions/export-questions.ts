import { pageRoute } from '../shared/http/handler.js';
import { questionsCsv } from '../shared/app/questions.js';

/** A meeting's questions as CSV for staff (with the submitters' names and emails while they are kept). */
export const handler = pageRoute('export-questions', async ({ params }) => {
  const { filename, body } = await questionsCsv(params.meetingId);
  return {
    raw: {
      status: 200,
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` },
      body,
    },
  };
});
