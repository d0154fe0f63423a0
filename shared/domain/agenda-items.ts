/** Agenda items without a paper (issue 12 §3): a verbal update or a presentation, on a topic or free-standing. */
import { ulid } from 'ulid';
import type { AgendaItem, Topic } from '../schemas/entities.js';
import { ConflictError } from './errors.js';

export type VerbalFormat = NonNullable<AgendaItem['format']>;

export function verbalItem(meetingId: string, input: { format: VerbalFormat; title?: string; presenter?: string; topic?: Topic }): AgendaItem {
  return {
    id: ulid(),
    meetingId,
    kind: 'verbal',
    title: input.topic?.title ?? input.title!,
    ...(input.topic ? { topicId: input.topic.id } : {}),
    format: input.format,
    ...(input.presenter ? { presenter: input.presenter } : {}),
  };
}

/** A topic goes on an agenda once: as a paper or as a verbal item. */
export function assertNotOnAgenda(agenda: readonly AgendaItem[], topic: Topic) {
  if (agenda.some((a) => a.topicId === topic.id)) {
    throw new ConflictError(`"${topic.title}" is already on this meeting's agenda.`);
  }
}

/**
 * Whether an agenda item waits for a paper: a topic item does; a verbal item only once a paper has
 * been requested on its topic after all (it then counts as a paper item).
 */
export const needsPaper = (item: Pick<AgendaItem, 'kind'>, hasRequest: boolean) => item.kind === 'topic' || (item.kind === 'verbal' && hasRequest);

export const formatLabel = (format: VerbalFormat) => (format === 'presentation' ? 'Presentation' : 'Verbal update');
