/** Page layer (called by functions/ wiring): edit a topic's title and points, close it with a reason, or reopen it (issue 12 §3). */
import { type PageReply, redirect, type PageFn } from '../http/handler.js';
import { findMeeting, findTopic, updateTopic } from '../app/planning.js';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';
import { fieldErrors, field, tag, type FieldIssue } from '../views/forms.js';

export interface TopicEditValues {
  title: string;
  points: string;
  reason: string;
}

async function editPage(topicId: string, opts: { values?: TopicEditValues; issues?: FieldIssue[]; status?: number; problem?: string } = {}): Promise<PageReply> {
  const topic = await findTopic(topicId);
  if (!topic) throw new NotFoundError(`There is no topic with id ${topicId}`, 'topic');
  const meeting = topic.meetingId ? await findMeeting(topic.meetingId) : undefined;
  return {
    view: 'topic-edit.njk',
    status: opts.status ?? 200,
    data: {
      section: 'topics',
      topic: { ...topic, statusTag: tag('topic', topic.status) },
      meeting,
      values: opts.values ?? { title: topic.title, points: topic.points.join('\n'), reason: '' },
      errors: fieldErrors(opts.issues ?? [], (f) => (f.startsWith('points') ? 'points' : f)),
      problem: opts.problem,
      // A topic with a paper requested cannot be closed until the request is withdrawn (domain/topics.ts).
      canClose: topic.status !== 'closed' && !topic.requestId,
    },
  };
}

export const showTopicEdit: PageFn<'show-topic-edit'> = async ({ params }) => editPage(params.topicId);

const rename = (f: string) => (f.startsWith('points') ? 'points' : f);

export const submitTopicEdit: PageFn<'submit-topic-edit'> = async ({ params, form, fields, formIssues, now }) => {
  const values: TopicEditValues = { title: field(form, 'title'), points: field(form, 'points'), reason: field(form, 'reason') };
  if (!fields) {
    if (formIssues.some((i) => i.field === 'version' || i.field === 'action')) {
      throw new ValidationError('The form is out of date. Reload the page and try again.', formIssues);
    }
    return editPage(params.topicId, { values, issues: formIssues.map((i) => ({ ...i, field: rename(i.field) })), status: 400 });
  }
  try {
    await updateTopic(params.topicId, fields, now);
  } catch (error) {
    // A rule of the topic (it has a paper requested) or a stale version: say so on the page.
    if (error instanceof ConflictError) return editPage(params.topicId, { values, problem: error.message, status: 409 });
    if (error instanceof ValidationError) return editPage(params.topicId, { values, issues: error.issues.map((i) => ({ ...i, field: rename(i.field) })), status: 400 });
    throw error;
  }
  return redirect(`/staff/topics?changed=${params.topicId}#topic-${params.topicId}`);
};
