import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  acceptPaper,
  endOfCentralDirectory,
  isDocx,
  isLate,
  latestSummary,
  linkProblem,
  missingPapers,
  paperFileName,
  publishAgenda,
  publishPaper,
  returnComments,
  returnPaper,
  sniff,
  submitPaper,
  takesSubmissions,
  versionViews,
  zipEntryNames,
  type CheckedUpload,
} from '../../../shared/domain/papers';
import { AuthorLinkError, ConfirmationNeeded, ConflictError, ValidationError } from '../../../shared/domain/errors';
import type { AgendaItem, Meeting, ReportRequest } from '../../../shared/schemas/entities';
import type { Actor, HistoryEntry, PaperVersion } from '../../../shared/schemas/papers';

const fixtures = join(__dirname, '../../fixtures');
const fixture = (name: string) => new Uint8Array(readFileSync(join(fixtures, name)));

const meeting: Meeting = {
  id: '01FFMAVYF86K6BJEA87EHS4HE7',
  title: 'Community Outcomes Meeting',
  start: '2021-12-07T14:00:00.000Z',
  startLocal: '2021-12-07T14:00',
  place: 'Wellington House, Wakefield',
  status: 'planned',
  agendaOrder: ['ITEM1', 'ITEM2', 'ITEM3'],
  version: 3,
  createdAt: '2021-09-15T09:00:00.000Z',
  updatedAt: '2021-10-18T09:00:00.000Z',
};
const agenda: AgendaItem[] = [
  { id: 'ITEM1', meetingId: meeting.id, kind: 'standing', standing: 'welcome', title: 'Welcome' },
  { id: 'ITEM2', meetingId: meeting.id, kind: 'topic', title: 'Road Safety', topicId: 'TOPIC2' },
  { id: 'ITEM3', meetingId: meeting.id, kind: 'topic', title: 'Safeguarding', topicId: 'TOPIC3' },
];

function request(fields: Partial<ReportRequest> = {}): ReportRequest {
  return {
    id: '01FH5CT5GRN91M19A85XCVY6YT',
    meetingId: meeting.id,
    topicId: 'TOPIC2',
    agendaItemId: 'ITEM2',
    title: 'Road Safety',
    points: ['Update on Vision Zero', 'Update on Op Snap', 'Impact of ANPR'],
    sponsor: { name: 'ACC, Operational Support', email: 'acc@example.org' },
    author: { name: 'Chief Inspector, Roads Policing', email: 'ci@example.org' },
    dueDate: '2021-11-15',
    status: 'requested',
    linkHash: 'x',
    linkIssuedAt: '2021-10-18T09:00:00.000Z',
    version: 2,
    createdAt: '2021-10-18T09:00:00.000Z',
    updatedAt: '2021-10-18T09:00:00.000Z',
    ...fields,
  };
}

const staff: Actor = { kind: 'staff', name: 'Engagement Manager', email: 'em@example.org' };
const upload = (id: string): CheckedUpload => ({ id, kind: 'pdf', size: 120_000, s3Key: `papers/${meeting.id}/r/${id}` });
const at = (iso: string) => new Date(iso);

describe('recognising a paper from its bytes', () => {
  it('tells a PDF, a ZIP and anything else apart by their first bytes, whatever the name', () => {
    expect(sniff(fixture('road-safety.pdf'))).toBe('pdf');
    expect(sniff(fixture('road-safety.docx'))).toBe('zip');
    expect(sniff(new TextEncoder().encode('<html>not a paper</html>'))).toBe('other');
    expect(sniff(new Uint8Array([0x25, 0x50, 0x44]))).toBe('other');
    expect(sniff(new Uint8Array())).toBe('other');
  });

  it('reads a ZIP central directory: a .docx holds word/document.xml, another ZIP does not', () => {
    const docx = fixture('road-safety.docx');
    const eocd = endOfCentralDirectory(docx)!;
    expect(eocd.entries).toBe(3);
    const names = zipEntryNames(docx.subarray(eocd.offset, eocd.offset + eocd.size));
    expect(names).toEqual(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']);
    expect(isDocx(names)).toBe(true);

    const zip = fixture('not-a-document.zip');
    const other = endOfCentralDirectory(zip)!;
    expect(isDocx(zipEntryNames(zip.subarray(other.offset, other.offset + other.size)))).toBe(false);
  });

  it('finds no central directory in a truncated ZIP or a PDF', () => {
    const docx = fixture('road-safety.docx');
    expect(endOfCentralDirectory(docx.subarray(0, docx.length - 30))).toBeUndefined();
    expect(endOfCentralDirectory(fixture('road-safety.pdf'))).toBeUndefined();
    expect(zipEntryNames(new Uint8Array(10))).toEqual([]);
  });
});

describe('late or on time (London dates)', () => {
  it('is late only after the end of the due date in London, in GMT and in BST', () => {
    expect(isLate('2021-11-15T23:59:59.000Z', '2021-11-15')).toBe(false);
    expect(isLate('2021-11-16T00:00:00.000Z', '2021-11-15')).toBe(true);
    // BST: the London day ends at 22:59:59.999 UTC.
    expect(isLate('2021-06-15T22:30:00.000Z', '2021-06-15')).toBe(false);
    expect(isLate('2021-06-15T23:30:00.000Z', '2021-06-15')).toBe(true);
  });
});

describe("the author's link", () => {
  it('works until the end of the meeting day, and not for a withdrawn request or a cancelled meeting', () => {
    expect(linkProblem(request(), meeting, at('2021-12-07T23:00:00Z'))).toBeUndefined();
    expect(linkProblem(request(), meeting, at('2021-12-08T00:00:00Z'))).toBe('expired');
    expect(linkProblem(request(), { ...meeting, status: 'held' }, at('2021-12-07T17:00:00Z'))).toBe('expired');
    expect(linkProblem(request(), { ...meeting, status: 'cancelled' }, at('2021-11-01T09:00:00Z'))).toBe('cancelled');
    expect(linkProblem(request({ status: 'withdrawn' }), meeting, at('2021-11-01T09:00:00Z'))).toBe('withdrawn');
    expect(linkProblem(request(), undefined, at('2021-11-01T09:00:00Z'))).toBe('unknown');
  });

  it('answers 404 for a wrong link and 410 for one that stopped working', () => {
    expect(new AuthorLinkError('unknown').status).toBe(404);
    expect(new AuthorLinkError('unknown').requestTitle).toBeUndefined();
    for (const p of ['withdrawn', 'expired', 'cancelled'] as const) expect(new AuthorLinkError(p, 'Road Safety').status).toBe(410);
  });
});

describe('submitting versions', () => {
  it('records version 1, then 2, with the confirmed points and the history entry', () => {
    const first = submitPaper({ request: request(), papers: [], upload: upload('01FM9VS6DRFHV2XFTP2WG7WBT3'), points: [2, 0, 0], summary: 'Summary', now: at('2021-11-12T10:41:07Z') });
    expect(first.paper).toMatchObject({ number: 1, title: 'Road Safety', pointsCovered: ['Update on Vision Zero', 'Impact of ANPR'], pointsTotal: 3, submittedAt: '2021-11-12T10:41:07.000Z' });
    expect(first.paper.submittedBy).toEqual({ kind: 'author', name: 'Chief Inspector, Roads Policing', email: 'ci@example.org' });
    expect(first.request).toMatchObject({ status: 'submitted', submittedAt: '2021-11-12T10:41:07.000Z', version: 3 });
    expect(first.history).toMatchObject({ action: 'submitted', paperId: first.paper.id, by: { kind: 'author' } });

    const returned = returnPaper(first.request, [first.paper], 'Add the district figures', staff, at('2021-11-15T09:00:00Z'));
    const second = submitPaper({ request: returned.request, papers: [first.paper], upload: upload('01FMBC1K1M7Y4Q1Y0T2R3S4V5W'), points: [], summary: 'Again', now: at('2021-11-16T09:00:00Z') });
    expect(second.paper.number).toBe(2);
    expect(isLate(second.paper.submittedAt, second.request.dueDate)).toBe(true);
  });

  it('takes new versions while requested, submitted or returned, not once accepted', () => {
    expect(['requested', 'submitted', 'returned'].every((status) => takesSubmissions(request({ status: status as ReportRequest['status'] })))).toBe(true);
    for (const status of ['accepted', 'published', 'withdrawn'] as const) {
      expect(() => submitPaper({ request: request({ status }), papers: [], upload: upload('01FM9VS6DRFHV2XFTP2WG7WBT3'), points: [], summary: 's', now: at('2021-11-12T10:00:00Z') })).toThrow(ConflictError);
    }
  });

  it('refuses a point that is not on the list', () => {
    expect(() => submitPaper({ request: request(), papers: [], upload: upload('01FM9VS6DRFHV2XFTP2WG7WBT3'), points: [3], summary: 's', now: at('2021-11-12T10:00:00Z') })).toThrow(ValidationError);
  });
});

describe("the office's decisions", () => {
  const submitted = submitPaper({ request: request(), papers: [], upload: upload('01FM9VS6DRFHV2XFTP2WG7WBT3'), points: [0, 1], summary: 'S', now: at('2021-11-12T10:00:00Z') });
  const papers = [submitted.paper];

  it('accepts a submitted paper; refuses to accept one not submitted', () => {
    const accepted = acceptPaper(submitted.request, papers, staff, at('2021-11-17T09:00:00Z'));
    expect(accepted.request.status).toBe('accepted');
    expect(accepted.history).toMatchObject({ action: 'accepted', paperId: submitted.paper.id, by: staff });
    expect(() => acceptPaper(request(), [], staff, at('2021-11-17T09:00:00Z'))).toThrow(/Only a submitted paper/);
  });

  it('returns with comments (required), even after acceptance, but not once published', () => {
    const returned = returnPaper(submitted.request, papers, '  Add the figures  ', staff, at('2021-11-17T09:00:00Z'));
    expect(returned.request.status).toBe('returned');
    expect(returned.history.note).toBe('Add the figures');
    expect(returnComments(returned.request, [returned.history])).toBe('Add the figures');
    expect(() => returnPaper(submitted.request, papers, '   ', staff, at('2021-11-17T09:00:00Z'))).toThrow(ValidationError);
    const accepted = acceptPaper(submitted.request, papers, staff, at('2021-11-17T09:00:00Z'));
    expect(returnPaper(accepted.request, papers, 'One more change', staff, at('2021-11-18T09:00:00Z')).request.status).toBe('returned');
    expect(() => returnPaper({ ...accepted.request, status: 'published' }, papers, 'x', staff, at('2021-11-18T09:00:00Z'))).toThrow(ConflictError);
  });

  it('publishes one accepted paper only once the agenda pack is out', () => {
    const accepted = acceptPaper(submitted.request, papers, staff, at('2021-11-17T09:00:00Z')).request;
    expect(() => publishPaper(accepted, papers, meeting, staff, at('2021-11-30T09:00:00Z'))).toThrow(/agenda pack first/);
    const out = publishPaper(accepted, papers, { ...meeting, status: 'agenda-published' }, staff, at('2021-11-30T09:00:00Z'))!;
    expect(out.request.status).toBe('published');
    expect(publishPaper(out.request, papers, { ...meeting, status: 'agenda-published' }, staff, at('2021-11-30T09:00:00Z'))).toBeUndefined();
  });

  it('describes each version: late or on time, points, and what became of it', () => {
    const returned = returnPaper(submitted.request, papers, 'Add the figures', staff, at('2021-11-15T09:00:00Z'));
    const second = submitPaper({ request: returned.request, papers, upload: upload('01FMBC1K1M7Y4Q1Y0T2R3S4V5W'), points: [0, 1, 2], summary: 'S2', now: at('2021-11-16T09:00:00Z') });
    const history: HistoryEntry[] = [submitted.history, returned.history, second.history];
    const views = versionViews(second.request, [submitted.paper, second.paper], history);
    expect(views.map((v) => [v.number, v.late, v.outcome, v.pointsText, v.comments])).toEqual([
      [2, true, 'awaiting review', '3 of 3', undefined],
      [1, false, 'returned', '2 of 3', 'Add the figures'],
    ]);
    expect(latestSummary(second.request, [submitted.paper, second.paper])).toMatchObject({ number: 2, late: true, pointsConfirmed: 3, pointsTotal: 3 });
  });
});

describe('publishing the agenda pack', () => {
  const accepted = request({ status: 'accepted', submittedAt: '2021-11-12T10:00:00.000Z' });
  const paper: PaperVersion = {
    ...submitPaper({ request: request(), papers: [], upload: upload('01FM9VS6DRFHV2XFTP2WG7WBT3'), points: [], summary: 'S', now: at('2021-11-12T10:00:00Z') }).paper,
  };
  const safeguarding = request({ id: '01FH5CT5GRN91M19A85XCVY6Z0', topicId: 'TOPIC3', agendaItemId: 'ITEM3', title: 'Safeguarding', status: 'submitted' });
  const args = { meeting, agenda, papers: [paper], agendaPublication: '2021-11-29', by: staff };

  it('waits for the publication date', () => {
    expect(() => publishAgenda({ ...args, requests: [accepted], confirm: true, now: at('2021-11-28T12:00:00Z') })).toThrow(/from Monday 29 November 2021/);
  });

  it('needs confirmation while a paper is missing, and lists it', () => {
    let error: unknown;
    try {
      publishAgenda({ ...args, requests: [accepted, safeguarding], confirm: false, now: at('2021-11-29T09:00:00Z') });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfirmationNeeded);
    expect((error as ConfirmationNeeded).status).toBe(409);
    expect((error as ConfirmationNeeded).missing).toEqual([{ title: 'Safeguarding', status: 'submitted', requestId: safeguarding.id }]);
    expect((error as ConfirmationNeeded).message).toMatch(/1 paper is not accepted yet: Safeguarding \(submitted\)/);
  });

  it('publishes the meeting and every accepted paper; a topic without a request is missing too', () => {
    expect(missingPapers(meeting, agenda, [accepted])).toEqual([{ title: 'Safeguarding', status: 'not requested' }]);
    const plan = publishAgenda({ ...args, requests: [accepted, safeguarding], confirm: true, now: at('2021-11-29T09:00:00Z') })!;
    expect(plan.meeting).toMatchObject({ status: 'agenda-published', version: 4 });
    expect(plan.published.map((p) => [p.request.id, p.request.status, p.history.action, p.history.paperId])).toEqual([[accepted.id, 'published', 'published', paper.id]]);
    expect(publishAgenda({ ...args, meeting: plan.meeting, requests: [], confirm: false, now: at('2021-11-29T09:00:00Z') })).toBeUndefined();
    expect(() => publishAgenda({ ...args, meeting: { ...meeting, status: 'cancelled' }, requests: [], confirm: true, now: at('2021-11-29T09:00:00Z') })).toThrow(/cancelled/);
  });
});

describe('downloads', () => {
  it('names the file after the paper, in ASCII without path characters', () => {
    expect(paperFileName('Road Safety', { number: 2, kind: 'pdf' })).toBe('Road Safety - version 2.pdf');
    expect(paperFileName('Countering Terrorism – Prevent / "Servator"', { number: 1, kind: 'docx' })).toBe('Countering Terrorism - Prevent Servator - version 1.docx');
    expect(paperFileName('„“', { number: 1, kind: 'pdf' })).toBe('Paper - version 1.pdf');
  });
});
