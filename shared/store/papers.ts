/**
 * Store reads for papers. A request, its paper versions and its history share the request's gsi1
 * partition (`REQUEST#<id>`), so the author's link and the staff request page read them with one
 * Query; one version is a GetItem in the meeting's partition.
 */
import { ReportRequest, type Meeting } from '../schemas/entities.js';
import { HistoryEntry, PaperVersion } from '../schemas/papers.js';
import { EmailRecord } from '../schemas/emails.js';
import { keys, tableSchema } from './keys.js';
import { create, get, itemOf, parsed, queryAll, replace, writeAll, type Change, type Write } from './store.js';
import { byCodePoint } from '../domain/order.js';

const gsi1 = tableSchema.indexes[0];

export interface RequestFile {
  request: ReportRequest;
  /** In the order they were submitted. */
  papers: PaperVersion[];
  /** Oldest first. */
  history: HistoryEntry[];
  /** The records of the request's emails (whether each went). */
  emails: EmailRecord[];
}

/** A decision on a request: the request as it becomes, at the version read, with its history entry and the emails it sends (queued in the outbox with it). */
export interface Decision extends Change<ReportRequest> {
  history: HistoryEntry;
  emails?: EmailRecord[];
}
const decisionWrites = (d: Decision): Write[] => [
  replace(itemOf.request(d.next), d.readVersion),
  create(itemOf.history(d.history)),
  ...(d.emails ?? []).map((e) => create(itemOf.email(e))),
];

export const paperStore = {
  /** A request by its id alone, with its paper versions and history: one Query on gsi1. */
  async getRequestFile(requestId: string): Promise<RequestFile | undefined> {
    const items = await queryAll({
      IndexName: gsi1.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': gsi1.partitionKey },
      ExpressionAttributeValues: { ':pk': keys.requestById(requestId).gsi1pk },
    });
    const of = (entity: string) => items.filter((i) => i.entity === entity);
    const request = parsed(ReportRequest, of('request')[0]);
    if (!request) return undefined;
    return {
      request,
      papers: of('paper').map((i) => parsed(PaperVersion, i)!).sort((a, b) => a.number - b.number),
      history: of('history').map((i) => parsed(HistoryEntry, i)!).sort((a, b) => byCodePoint(a.at, b.at) || byCodePoint(a.id, b.id)),
      emails: of('email').map((i) => parsed(EmailRecord, i)!),
    };
  },

  /** One version; `consistent` reads what a write just made (a repeated submit racing the first). */
  getPaper: (meetingId: string, requestId: string, paperId: string, consistent = false) => get(PaperVersion, keys.paper(meetingId, requestId, paperId), consistent),

  /** A new paper version: the version, the request it changes (at the version read) and the history entry, in one transaction. */
  recordVersion: (args: { paper: PaperVersion } & Decision) => writeAll([create(itemOf.paper(args.paper)), ...decisionWrites(args)], 'this paper'),

  /** Accept, return or publish: the request and its history entry. */
  saveDecision: (d: Decision) => writeAll(decisionWrites(d), 'this request'),

  /** The agenda pack published: the meeting and every paper published with it, all or none. */
  publishAgenda: (meeting: Change<Meeting>, published: Decision[]) =>
    writeAll([replace(itemOf.meeting(meeting.next), meeting.readVersion), ...published.flatMap(decisionWrites)], 'this meeting'),
};
