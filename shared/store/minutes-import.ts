/** An imported meeting (issue 13 §4): every record in one transaction, the meeting created only if its id (the import key) is new. */
import type { ImportRecords } from '../domain/minutes-import-records.js';
import { create, itemOf, tryWrite } from './store.js';

export const importStore = {
  /** False when the meeting already exists: this import was confirmed before (nothing else is written). */
  write: (r: ImportRecords) =>
    tryWrite([
      create(itemOf.meeting(r.meeting)),
      ...r.agenda.map((a) => create(itemOf.agendaItem(a))),
      create(itemOf.minutes(r.minutes)),
      create(itemOf.minutesRevision(r.revision)),
      ...r.actions.map((a) => create(itemOf.action(a))),
      ...r.topics.map((t) => create(itemOf.topic(t))),
    ]),
};
