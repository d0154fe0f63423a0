/**
 * Papers: the versions an author submits against a report request, the office's decisions on them,
 * publishing the agenda pack, the author's link, and recognising a PDF or a Word document from its
 * bytes. Pure: no I/O, the clock is passed in.
 *
 * Status flow of a request: requested → submitted → accepted → published; submitted (or accepted,
 * before publication) → returned → submitted again. "Late" is derived from dates, never stored.
 */
import { needsPaper } from './agenda-items.js';
import { monotonicFactory } from 'ulid';
import type { AgendaItem, Meeting, ReportRequest } from '../schemas/entities.js';
import type { Actor, HistoryAction, HistoryEntry, PaperKind, PaperVersion } from '../schemas/papers.js';
import { ConfirmationNeeded, ConflictError, invalid, type LinkProblem, type MissingPaper } from './errors.js';
import { endOfLondonDay, formatLondonDate, londonDate } from './time.js';
import { byCodePoint } from './order.js';

const nextId = monotonicFactory();

// ---- the author's link ----

/** Why an author link does not open its page, or undefined when it does. The secret is checked by the caller. */
export function linkProblem(request: ReportRequest, meeting: Meeting | undefined, now: Date): LinkProblem | undefined {
  if (request.status === 'withdrawn') return 'withdrawn';
  if (!meeting) return 'unknown';
  if (meeting.status === 'cancelled') return 'cancelled';
  if (meeting.status === 'held' || now.toISOString() > endOfLondonDay(londonDate(meeting.start))) return 'expired';
  return undefined;
}

// ---- versions ----

/** Versions in the order they were submitted (by number). */
export const inOrder = (papers: readonly PaperVersion[]) => [...papers].sort((a, b) => a.number - b.number);
export const latestOf = (papers: readonly PaperVersion[]) => inOrder(papers).at(-1);

/** Submitted after the end of the due date (London)? */
export const isLate = (submittedAt: string, dueDate: string) => submittedAt > endOfLondonDay(dueDate);

/** The author may send a (new) version until the office accepts one. */
export const takesSubmissions = (request: ReportRequest) =>
  request.status === 'requested' || request.status === 'submitted' || request.status === 'returned';

export interface CheckedUpload {
  id: string;
  kind: PaperKind;
  size: number;
  s3Key: string;
  s3VersionId?: string;
}

/** The S3 key of an upload: under the meeting and the request, named by the upload id. */
export const uploadKey = (meetingId: string, requestId: string, uploadId: string) => `papers/${meetingId}/${requestId}/${uploadId}`;

export function historyEntry(request: ReportRequest, action: HistoryAction, by: Actor, now: Date, extra: { paperId?: string; note?: string } = {}): HistoryEntry {
  return {
    id: nextId(),
    requestId: request.id,
    meetingId: request.meetingId,
    at: now.toISOString(),
    by,
    action,
    ...(extra.paperId ? { paperId: extra.paperId } : {}),
    ...(extra.note ? { note: extra.note } : {}),
  };
}

export const authorActor = (request: ReportRequest): Actor => ({ kind: 'author', name: request.author.name, email: request.author.email });
/** A signed-in staff member, as history records them. */
export const staffActor = (user: { name: string; email: string }): Actor => ({ kind: 'staff', name: user.name, ...(user.email ? { email: user.email } : {}) });

const bump = (request: ReportRequest, now: Date, change: Partial<ReportRequest>): ReportRequest => ({
  ...request,
  ...change,
  version: request.version + 1,
  updatedAt: now.toISOString(),
});

/** A new version from a checked upload: the request becomes "submitted". */
export function submitPaper(args: {
  request: ReportRequest;
  papers: readonly PaperVersion[];
  upload: CheckedUpload;
  points: readonly number[];
  summary: string;
  now: Date;
}): { request: ReportRequest; paper: PaperVersion; history: HistoryEntry } {
  const { request, upload, now } = args;
  if (!takesSubmissions(request)) throw new ConflictError(notTakingSubmissions(request));
  const bad = args.points.find((i) => !Number.isInteger(i) || i < 0 || i >= request.points.length);
  if (bad !== undefined) throw invalid('points', 'Choose the points from the list');
  const at = now.toISOString();
  const by = authorActor(request);
  const paper: PaperVersion = {
    id: upload.id,
    requestId: request.id,
    meetingId: request.meetingId,
    title: request.title,
    number: (latestOf(args.papers)?.number ?? 0) + 1,
    kind: upload.kind,
    size: upload.size,
    s3Key: upload.s3Key,
    ...(upload.s3VersionId ? { s3VersionId: upload.s3VersionId } : {}),
    pointsCovered: [...new Set(args.points)].sort((a, b) => a - b).map((i) => request.points[i]!),
    pointsTotal: request.points.length,
    summary: args.summary,
    submittedAt: at,
    submittedBy: by,
  };
  return {
    paper,
    request: bump(request, now, { status: 'submitted', submittedAt: at, latestVersion: paperInShort(paper) }),
    history: historyEntry(request, 'submitted', by, now, { paperId: paper.id }),
  };
}

export function notTakingSubmissions(request: ReportRequest): string {
  switch (request.status) {
    case 'accepted':
      return 'The office has accepted this paper, so it takes no new versions. To change it, contact the engagement manager.';
    case 'published':
      return 'This paper has been published, so it takes no new versions. To change it, contact the engagement manager.';
    case 'withdrawn':
      return 'The office has withdrawn this request for a paper.';
    default:
      return 'This request does not take a paper now.';
  }
}

function needPaper(papers: readonly PaperVersion[]): PaperVersion {
  const latest = latestOf(papers);
  if (!latest) throw new ConflictError('No paper has been submitted for this request yet.');
  return latest;
}

/** Accept the latest version. */
export function acceptPaper(request: ReportRequest, papers: readonly PaperVersion[], by: Actor, now: Date) {
  if (request.status !== 'submitted') {
    throw new ConflictError(`Only a submitted paper can be accepted; this one is ${request.status}.`);
  }
  const paper = needPaper(papers);
  return { request: bump(request, now, { status: 'accepted' }), history: historyEntry(request, 'accepted', by, now, { paperId: paper.id }), paper };
}

/** Send the latest version back to the author with comments; the author's link keeps working. */
export function returnPaper(request: ReportRequest, papers: readonly PaperVersion[], comments: string, by: Actor, now: Date) {
  if (request.status !== 'submitted' && request.status !== 'accepted') {
    throw new ConflictError(`Only a submitted or accepted paper can be returned; this one is ${request.status}.`);
  }
  const note = comments.trim();
  if (!note) throw invalid('comments', 'Enter the comments for the author');
  const paper = needPaper(papers);
  return {
    request: bump(request, now, { status: 'returned' }),
    history: historyEntry(request, 'returned', by, now, { paperId: paper.id, note }),
    paper,
  };
}

/** Publish one accepted paper after the agenda pack (a late paper). Papers accepted before go out with the pack. */
export function publishPaper(request: ReportRequest, papers: readonly PaperVersion[], meeting: Meeting, by: Actor, now: Date) {
  if (request.status === 'published') return undefined;
  if (request.status !== 'accepted') throw new ConflictError(`Only an accepted paper can be published; this one is ${request.status}.`);
  if (meeting.status !== 'agenda-published' && meeting.status !== 'held') {
    throw new ConflictError('Publish the agenda pack first: accepted papers are published with it.');
  }
  const paper = needPaper(papers);
  return { request: bump(request, now, { status: 'published' }), history: historyEntry(request, 'published', by, now, { paperId: paper.id }), paper };
}

// ---- the agenda pack ----

/** Topic items (and verbal items on which a paper was requested after all) whose paper is not accepted (or not requested), in agenda order. */
export function missingPapers(
  meeting: Pick<Meeting, 'agendaOrder'>,
  agenda: readonly AgendaItem[],
  requests: readonly Pick<ReportRequest, 'id' | 'title' | 'status' | 'agendaItemId' | 'topicId'>[],
): MissingPaper[] {
  const byId = new Map(agenda.map((a) => [a.id, a]));
  const active = requests.filter((r) => r.status !== 'withdrawn');
  const missing: MissingPaper[] = [];
  for (const itemId of meeting.agendaOrder) {
    const item = byId.get(itemId);
    if (!item || item.kind === 'standing') continue;
    const request = active.find((r) => r.agendaItemId === item.id || (item.topicId && r.topicId === item.topicId));
    // A verbal update or presentation has no paper to miss, unless one was requested on its topic after all.
    if (!needsPaper(item, request !== undefined)) continue;
    if (!request) missing.push({ title: item.title, status: 'not requested' });
    else if (request.status !== 'accepted' && request.status !== 'published') missing.push({ title: request.title, status: request.status, requestId: request.id });
  }
  return missing;
}

/**
 * Publish the agenda pack: on or after the publication date, the meeting becomes "agenda-published"
 * and every accepted paper "published". Already published: nothing to do (undefined).
 */
export function publishAgenda(args: {
  meeting: Meeting;
  agenda: readonly AgendaItem[];
  requests: readonly ReportRequest[];
  papers: readonly PaperVersion[];
  agendaPublication: string;
  confirm: boolean;
  by: Actor;
  now: Date;
}) {
  const { meeting, now } = args;
  if (meeting.status === 'agenda-published') return undefined;
  if (meeting.status !== 'planned') throw new ConflictError(`The meeting is ${meeting.status}; its agenda cannot be published.`);
  if (londonDate(now.toISOString()) < args.agendaPublication) {
    throw new ConflictError(`The agenda pack can be published from ${formatLondonDate(args.agendaPublication)}, its publication date.`);
  }
  const missing = missingPapers(meeting, args.agenda, args.requests);
  if (missing.length && !args.confirm) throw new ConfirmationNeeded(missing);
  const accepted = args.requests.filter((r) => r.status === 'accepted');
  return {
    meeting: { ...meeting, status: 'agenda-published' as const, publishedAt: now.toISOString(), version: meeting.version + 1, updatedAt: now.toISOString() },
    published: accepted.map((r) => {
      const paper = latestOf(args.papers.filter((p) => p.requestId === r.id));
      return { before: r, request: bump(r, now, { status: 'published' }), history: historyEntry(r, 'published', args.by, now, { paperId: paper?.id }) };
    }),
    missing,
  };
}

// ---- recognising the file from its bytes ----

/** How many bytes of the start of a file `sniff` needs. */
export const HEAD_BYTES = 1024;
/** The end-of-central-directory record is at most 22 bytes plus a 64 KB comment from the end. */
export const ZIP_TAIL_BYTES = 22 + 0xffff;

/** What the first bytes say: a PDF (`%PDF-`), a ZIP (`PK\x03\x04`, as a .docx is), or something else. */
export function sniff(head: Uint8Array): 'pdf' | 'zip' | 'other' {
  const starts = (sig: number[]) => sig.every((b, i) => head[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (starts([0x50, 0x4b, 0x03, 0x04])) return 'zip';
  return 'other';
}

const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number) => (u16(b, at) | (u16(b, at + 2) << 16)) >>> 0;

/** Where a ZIP's central directory is, from the last bytes of the file (undefined: not a usable ZIP). */
export function endOfCentralDirectory(tail: Uint8Array): { offset: number; size: number; entries: number } | undefined {
  for (let i = tail.length - 22; i >= 0 && i >= tail.length - ZIP_TAIL_BYTES; i--) {
    if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tail[i + 2] === 0x05 && tail[i + 3] === 0x06) {
      const size = u32(tail, i + 12);
      const offset = u32(tail, i + 16);
      // ZIP64 (offsets of 0xFFFFFFFF) is for files far larger than a paper: not accepted.
      if (size === 0xffffffff || offset === 0xffffffff) return undefined;
      return { offset, size, entries: u16(tail, i + 10) };
    }
  }
  return undefined;
}

/** The names of the entries in a ZIP's central directory. */
export function zipEntryNames(directory: Uint8Array): string[] {
  const names: string[] = [];
  let at = 0;
  const decoder = new TextDecoder();
  while (at + 46 <= directory.length && u32(directory, at) === 0x02014b50) {
    const nameLength = u16(directory, at + 28);
    const extra = u16(directory, at + 30);
    const comment = u16(directory, at + 32);
    names.push(decoder.decode(directory.subarray(at + 46, at + 46 + nameLength)));
    at += 46 + nameLength + extra + comment;
  }
  return names;
}

/** A Word document (.docx) is a ZIP holding `word/document.xml`. */
export const isDocx = (entryNames: readonly string[]) => entryNames.includes('word/document.xml');

export const contentTypes: Record<PaperKind, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** "Road Safety - version 2.pdf": the name a download is saved under (ASCII, no path characters). */
export function paperFileName(title: string, paper: Pick<PaperVersion, 'number' | 'kind'>): string {
  const base = title
    .normalize('NFKD')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/["\\/:*?<>|;%]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120);
  return `${base || 'Paper'} - version ${paper.number}.${paper.kind}`;
}

/** "1.2 MB", "850 KB". */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

// ---- what the pages show about versions ----

export interface VersionView extends PaperVersion {
  late: boolean;
  /** What became of it: awaiting review, returned (with the comments), accepted, published, or replaced by a newer version. */
  outcome: 'awaiting review' | 'returned' | 'accepted' | 'published' | 'replaced';
  comments?: string;
  pointsText: string;
  sizeText: string;
}

/** Each version with whether it was late and what the office decided about it, newest first. */
export function versionViews(request: ReportRequest, papers: readonly PaperVersion[], history: readonly HistoryEntry[]): VersionView[] {
  const ordered = inOrder(papers);
  const latest = ordered.at(-1);
  return ordered
    .map((paper): VersionView => {
      const decisions = history.filter((h) => h.paperId === paper.id && h.action !== 'submitted').sort(byTime);
      const last = decisions.at(-1);
      let outcome: VersionView['outcome'];
      if (paper.id === latest?.id) {
        outcome =
          request.status === 'returned' ? 'returned'
          : request.status === 'accepted' ? 'accepted'
          : request.status === 'published' ? 'published'
          : last?.action === 'returned' ? 'returned'
          : 'awaiting review';
      } else {
        outcome = last?.action === 'returned' ? 'returned' : 'replaced';
      }
      const returned = decisions.filter((h) => h.action === 'returned').at(-1);
      return {
        ...paper,
        late: isLate(paper.submittedAt, request.dueDate),
        outcome,
        ...(returned?.note && outcome === 'returned' ? { comments: returned.note } : {}),
        pointsText: `${paper.pointsCovered.length} of ${paper.pointsTotal}`,
        sizeText: formatSize(paper.size),
      };
    })
    .reverse();
}

/** The latest version of a request in brief, for the tracking table: number, when, late, points confirmed. */
export function latestSummary(request: ReportRequest, papers: readonly PaperVersion[]) {
  const latest = latestOf(papers.filter((p) => p.requestId === request.id));
  if (!latest) return undefined;
  return { ...paperInShort(latest), late: isLate(latest.submittedAt, request.dueDate) };
}

/** A version in short, as the request keeps its latest (the meeting view shows it without reading the versions). */
export const paperInShort = (p: PaperVersion): NonNullable<ReportRequest['latestVersion']> => ({
  id: p.id,
  number: p.number,
  submittedAt: p.submittedAt,
  pointsConfirmed: p.pointsCovered.length,
  pointsTotal: p.pointsTotal,
  kind: p.kind,
  size: p.size,
});

/** The latest version in short from what the request keeps (late against its due date now). */
export const keptSummary = (request: ReportRequest) => (request.latestVersion ? { ...request.latestVersion, late: isLate(request.latestVersion.submittedAt, request.dueDate) } : undefined);

export const byTime = (a: HistoryEntry, b: HistoryEntry) => byCodePoint(a.at, b.at) || byCodePoint(a.id, b.id);

/** The office's latest comments, while the request is returned. */
export function returnComments(request: ReportRequest, history: readonly HistoryEntry[]): string | undefined {
  if (request.status !== 'returned') return undefined;
  return [...history].sort(byTime).filter((h) => h.action === 'returned').at(-1)?.note;
}
