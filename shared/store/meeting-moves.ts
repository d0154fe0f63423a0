/**
 * A meeting changed with its consequences (issue 12 §3): the meeting, its requests' new due dates
 * with their history entries, and the records of the emails that tell people, in one transaction,
 * each write conditional on the version read. The caller keeps it within DynamoDB's 100 items.
 */
import type { Meeting, ReportRequest } from '../schemas/entities.js';
import type { HistoryEntry } from '../schemas/papers.js';
import type { EmailRecord } from '../schemas/emails.js';
import { create, itemOf, replace, writeAll, type Change } from './store.js';

export interface MeetingMove {
  meeting: Change<Meeting>;
  requests: Change<ReportRequest>[];
  history: HistoryEntry[];
  emails: EmailRecord[];
}

/** How many items the move writes (at most 100 go in one transaction). */
export const moveItems = (move: Omit<MeetingMove, 'meeting'>) => 1 + move.requests.length + move.history.length + move.emails.length;

export const meetingMoveStore = {
  save: (move: MeetingMove) =>
    writeAll(
      [
        replace(itemOf.meeting(move.meeting.next), move.meeting.readVersion),
        ...move.requests.map((r) => replace(itemOf.request(r.next), r.readVersion)),
        ...move.history.map((h) => create(itemOf.history(h))),
        ...move.emails.map((e) => create(itemOf.email(e))),
      ],
      'this meeting',
    ),
};
