/** Page layer (called by functions/ wiring): The staff forward plan: future agenda topics and the form that adds one. */
import { type PageReply, redirect, type PageFn } from '../http/handler.js';
import { listTopics, createTopic, meetingsFrom } from '../app/planning.js';
import { topicStatuses, type Meeting, type Topic } from '../schemas/entities.js';
import { fieldErrors, tag, type FieldIssue, field } from '../views/forms.js';
import { formatLondonDate } from '../domain/time.js';

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
  opts: { values?: TopicFormValues; issues?: FieldIssue[]; added?: string; changed?: string; status?: number } = {},
): Promise<PageReply> {
  const [topics, meetings] = await Promise.all([listTopics(), meetingsFrom()]);
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
      changed: opts.changed ? topics.find((t) => t.id === opts.changed) : undefined,
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

export const showTopics: PageFn<'show-topics'> = async ({ event, now }) => topicsPage(now, { added: event.queryStringParameters?.added, changed: event.queryStringParameters?.changed });

/** Schema paths → the form's fields: each point is a line of one textarea. */
const rename = (path: string) => (path.startsWith('points') ? 'points' : path === 'source.meetingId' ? 'meetingId' : path.startsWith('source') ? 'source' : path);

/** "Add a future agenda topic": a title, points one per line, and where it came from. */
export const submitTopic: PageFn<'submit-topic'> = async ({ form, fields, formIssues, now }) => {
  if (!fields) {
    const values: TopicFormValues = {
      title: field(form, 'title'),
      points: field(form, 'points'),
      source: field(form, 'source') || 'staff',
      meetingId: field(form, 'meetingId'),
    };
    return topicsPage(now, { values, issues: formIssues.map((i) => ({ ...i, field: rename(i.field) })), status: 400 });
  }
  // The meetings come from a list; one that has gone since is a 404 page (no second read to re-show the form).
  const topic = await createTopic(fields, now);
  return redirect(`/staff/topics?added=${topic.id}`);
};
