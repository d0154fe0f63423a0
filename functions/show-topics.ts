import { pageRoute, type PageReply } from '../shared/http/handler.js';
import { listTopics } from '../shared/app/planning.js';
import { meetingStore } from '../shared/store/store.js';
import { topicStatuses, type Meeting, type Topic } from '../shared/schemas/entities.js';
import { fieldErrors, tag, type FieldIssue } from '../shared/views/forms.js';
import { formatLondonDate } from '../shared/domain/time.js';

export interface TopicFormValues {
  title: string;
  points: string;
  source: string;
  meetingId: string;
}

const blank: TopicFormValues = { title: '', points: '', source: 'staff', meetingId: '' };
const openForPlanning = (m: Meeting) => m.status === 'planned' || m.status === 'agenda-published';

/** Where a topic came from, in words, with the meeting it names. */
function sourceOf(t: Topic, meetings: Map<string, Meeting>) {
  if (t.source.kind === 'staff') return { text: 'Added by staff' };
  const m = meetings.get(t.source.meetingId);
  const date = m ? formatLondonDate(m.start) : 'a meeting that no longer exists';
  return {
    text: t.source.kind === 'future-items' ? `Future agenda items of ${date}` : `Action at ${date}`,
    meetingId: m?.id,
  };
}

/** The forward plan: every topic, and the form to add one. */
export async function topicsPage(
  now: Date,
  opts: { values?: TopicFormValues; issues?: FieldIssue[]; added?: string; status?: number } = {},
): Promise<PageReply> {
  const [topics, meetings] = await Promise.all([listTopics(), meetingStore.list()]);
  const byId = new Map(meetings.map((m) => [m.id, m]));
  const at = now.toISOString();
  const upcoming = meetings.filter((m) => m.start >= at && openForPlanning(m));
  const rank = (t: Topic) => topicStatuses.indexOf(t.status);
  const rows = [...topics]
    .sort((a, b) => rank(a) - rank(b))
    .map((t) => ({
      ...t,
      statusTag: tag('topic', t.status),
      source: sourceOf(t, byId),
      scheduledOn: t.meetingId ? byId.get(t.meetingId) : undefined,
      requestFor: t.status === 'open' ? upcoming.slice(0, 4) : [],
    }));
  const values = opts.values ?? blank;
  return {
    view: 'topics.njk',
    status: opts.status ?? 200,
    data: {
      section: 'topics',
      topics: rows,
      added: opts.added ? topics.find((t) => t.id === opts.added) : undefined,
      errors: fieldErrors(opts.issues ?? []),
      values,
      meetingOptions: [
        { value: '', text: 'Choose a meeting' },
        ...[...meetings].reverse().map((m) => ({
          value: m.id,
          text: `${formatLondonDate(m.start)} – ${m.title}`,
          selected: m.id === values.meetingId,
        })),
      ],
    },
  };
}

export const handler = pageRoute('show-topics', async ({ event, now }) => topicsPage(now, { added: event.queryStringParameters?.added }));
