/**
 * Importing past minutes (issue 13 §4), the confirm: the reviewed proposal → a held meeting with its
 * agenda, its minutes (approved, or published as a draft to approve at the next meeting) and their
 * first revision, its actions (open, under their items) and its future items as topics: one
 * transaction. Confirmed twice, it writes once: the meeting's id is the import key, put only if new.
 */
import { ConflictError } from '../domain/errors.js';
import { importRecords } from '../domain/minutes-import-records.js';
import type { ConfirmImportInput } from '../schemas/minutes-import.js';
import { importStore } from '../store/minutes-import.js';
import { meetingStore } from '../store/store.js';
import { withDeadlines } from './planning.js';

export async function confirmImport(input: ConfirmImportInput, by: string, now: Date) {
  const records = importRecords(input, by, now);
  if (await importStore.write(records)) return { created: true, meeting: withDeadlines(records.meeting) };
  const earlier = await meetingStore.get(input.importKey);
  if (!earlier) throw new ConflictError('The import could not be saved because something changed at the same time. Confirm again; nothing was saved.');
  return { created: false, meeting: withDeadlines(earlier) };
}
