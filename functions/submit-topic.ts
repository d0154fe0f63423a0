import { pageRoute, redirect } from '../shared/http/handler.js';
import { createTopic } from '../shared/app/planning.js';
import { CreateTopicInput } from '../shared/schemas/entities.js';
import { field, lines, zodIssues, type FieldIssue } from '../shared/views/forms.js';
import { topicsPage, type TopicFormValues } from './show-topics.js';

/** Schema paths → the form's fields: each point is a line of one textarea. */
const rename = (path: string) => (path.startsWith('points') ? 'points' : path === 'source.meetingId' ? 'meetingId' : path);

/** "Add a future agenda topic": a title, points one per line, and where it came from. */
export const handler = pageRoute('submit-topic', async ({ form, now }) => {
  const values: TopicFormValues = {
    title: field(form, 'title'),
    points: field(form, 'points'),
    source: field(form, 'source') || 'staff',
    meetingId: field(form, 'meetingId'),
  };
  const issues: FieldIssue[] = [];
  if (values.source !== 'staff' && values.source !== 'future-items') issues.push({ field: 'source', message: 'Select where the topic came from' });
  if (values.source === 'future-items' && !values.meetingId) {
    issues.push({ field: 'meetingId', message: 'Select the meeting whose future agenda items included this topic' });
  }
  const parsed = CreateTopicInput.safeParse({
    title: values.title,
    points: lines(values.points),
    source: values.source === 'future-items' && values.meetingId ? { kind: 'future-items', meetingId: values.meetingId } : { kind: 'staff' },
  });
  if (!parsed.success) issues.unshift(...zodIssues(parsed.error, rename));
  if (issues.length || !parsed.success) return topicsPage(now, { values, issues, status: 400 });
  // The meetings come from a list; one that has gone since is a 404 page (no second read to re-show the form).
  const topic = await createTopic(parsed.data, now);
  return redirect(`/staff/topics?added=${topic.id}`);
});
