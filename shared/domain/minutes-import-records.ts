/**
 * The confirm of an import (issue 13 §4): the reviewed proposal → what is written, all at once. Pure.
 * The meeting's id is the import key the proposal carried, so a second confirm of the same proposal
 * meets the meeting the first one wrote (a conditional put) instead of writing another.
 */
import { ulid } from 'ulid';
import type { Action, AgendaItem, Meeting, Topic } from '../schemas/entities.js';
import type { Minutes, MinutesRevision } from '../schemas/minutes.js';
import type { ConfirmImportInput } from '../schemas/minutes-import.js';
import { newAction } from './actions.js';
import { invalid } from './errors.js';
import { startInstant } from './meetings.js';
import { standingKinds } from './minutes-import.js';
import { londonLocal } from './time.js';
import { newTopic } from './topics.js';

/** A transaction holds at most 100 items. */
export const MAX_IMPORT_WRITES = 100;
/** The largest minutes item an import writes (DynamoDB's limit is 400 KB an item, keys and revision aside). */
export const MAX_MINUTES_ITEM_BYTES = 300 * 1024;
/** Who an action belongs to when the minutes do not say. */
export const OWNER_NOT_NAMED = 'Not named in the minutes';

export interface ImportRecords {
  meeting: Meeting;
  agenda: AgendaItem[];
  minutes: Minutes;
  revision: MinutesRevision;
  actions: Action[];
  topics: Topic[];
}

export function importRecords(input: ConfirmImportInput, by: string, now: Date): ImportRecords {
  const at = now.toISOString();
  const start = startInstant(`${input.date}T${input.startTime}`, 'startTime');
  if (start > at) throw invalid('date', 'The meeting of imported minutes must have taken place: the date and time are in the future');
  const id = input.importKey;
  const kinds = standingKinds(input.items.map((i) => i.title));
  const agenda: AgendaItem[] = input.items.map((item, n) => ({
    id: ulid(),
    meetingId: id,
    // A standing item when its title says which; any other item expects no paper (a "verbal" item
    // without a format: no "Paper to follow" on the public page).
    ...(kinds[n] ? { kind: 'standing' as const, standing: kinds[n] } : { kind: 'verbal' as const }),
    title: item.title,
  }));
  const meeting: Meeting = {
    id,
    title: input.title,
    start,
    startLocal: londonLocal(start),
    place: input.place,
    status: 'held',
    minutesStatus: input.status,
    minutesPublishedAt: at,
    agendaOrder: agenda.map((a) => a.id),
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  const actions = input.items.flatMap((item, n) =>
    item.actions.map((a) => ({ ...newAction(meeting, { text: a.text, owner: a.owner?.trim() || OWNER_NOT_NAMED }, by, now), agendaItemId: agenda[n]!.id })),
  );
  const topics = input.futureItems.map((title) => newTopic({ title, points: [], source: { kind: 'future-items', meetingId: id } }, now));
  const minutes: Minutes = {
    meetingId: id,
    status: input.status,
    attendance: { present: input.attendance.present, alsoPresent: input.attendance.alsoPresent, apologies: input.attendance.apologies },
    sections: input.items.flatMap((item, n) => (item.notes.trim() ? [{ agendaItemId: agenda[n]!.id, notes: item.notes.replace(/\r\n?/g, '\n').trim() }] : [])),
    futureItems: topics.map((t) => ({ title: t.title, topicId: t.id })),
    ...(input.futureItemsNote?.trim() ? { futureItemsNote: input.futureItemsNote.trim() } : {}),
    revision: 1,
    publishedAt: at,
    version: 1,
    createdAt: at,
    updatedAt: at,
    updatedBy: by,
  };
  const { version: _, ...published } = minutes;
  const revision: MinutesRevision = {
    ...published,
    reason: input.status === 'approved' ? 'Imported from past minutes, already approved' : 'Imported from past minutes as a draft, to be approved at the next meeting',
  };
  const records = { meeting, agenda, minutes, revision, actions, topics };
  // A DynamoDB item holds at most 400 KB: the minutes (attendance and every item's notes) are one.
  const size = Buffer.byteLength(JSON.stringify(minutes));
  if (size > MAX_MINUTES_ITEM_BYTES) {
    throw invalid('items', `The notes are too long to save as one set of minutes (${Math.ceil(size / 1024)} KB; at most ${MAX_MINUTES_ITEM_BYTES / 1024} KB). Remove text that is not minutes, such as papers pasted in, and confirm again.`);
  }
  const writes = 3 + agenda.length + actions.length + topics.length;
  if (writes > MAX_IMPORT_WRITES) {
    throw invalid('items', `These minutes would be ${writes} records (the meeting, ${agenda.length} agenda items, ${actions.length} actions, ${topics.length} future items, the minutes and their first revision); one import writes at most ${MAX_IMPORT_WRITES}, all or nothing. Merge some items or actions and confirm again.`);
  }
  return records;
}
