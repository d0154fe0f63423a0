import { pageRoute, type PageReply } from '../shared/http/handler.js';
import { meetingStore } from '../shared/store/store.js';
import { dateItems, fieldErrors, tag, type DatePart, type DateParts, type FieldIssue } from '../shared/views/forms.js';

export interface MeetingFormValues {
  title: string;
  date: DateParts;
  time: string;
  place: string;
  livestreamUrl: string;
}

const blank: MeetingFormValues = { title: 'Community Outcomes Meeting', date: {}, time: '', place: '', livestreamUrl: '' };

/** The meetings list (upcoming first, then past, most recent first) and the schedule form. */
export async function meetingsPage(
  now: Date,
  form: { values?: MeetingFormValues; issues?: FieldIssue[]; dateParts?: DatePart[]; status?: number } = {},
): Promise<PageReply> {
  const all = await meetingStore.list();
  const at = now.toISOString();
  const row = (m: (typeof all)[number]) => ({ ...m, statusTag: tag('meeting', m.status) });
  const dateParts = form.dateParts ?? [];
  const errors = fieldErrors(form.issues ?? [], (f) => (f === 'date' ? `date-${dateParts[0] ?? 'day'}` : f));
  const values = form.values ?? blank;
  return {
    view: 'meetings.njk',
    status: form.status ?? 200,
    data: {
      section: 'meetings',
      upcoming: all.filter((m) => m.start >= at).map(row),
      past: all.filter((m) => m.start < at).reverse().map(row),
      errors,
      values,
      dateItems: dateItems('date', values.date, errors.byField.date ? (dateParts.length ? dateParts : ['day', 'month', 'year']) : []),
    },
  };
}

export const handler = pageRoute('show-meetings', async ({ now }) => meetingsPage(now));
