/**
 * Papers, end to end: the author's upload (a presigned POST straight to S3), checking what arrived,
 * recording a version with its receipts, the office's decisions (accept, return with comments,
 * publish), publishing the agenda pack, downloads and the public meeting page. Each use-case loads
 * what it needs, calls the pure domain, and writes every change with its history entry in one
 * transaction. API and page handlers share these.
 */
import { needsPaper } from '../domain/agenda-items.js';
import { ulid } from 'ulid';
import { config } from '../config.js';
import { NotFoundError, ConflictError, UploadRefused, type MissingPaper, type UploadProblem, notFound } from '../domain/errors.js';
import * as meetings from '../domain/meetings.js';
import * as papers from '../domain/papers.js';
import * as requests from '../domain/requests.js';
import { daysBetween, londonDate } from '../domain/time.js';
import type { Meeting, ReportRequest } from '../schemas/entities.js';
import {
  DOWNLOAD_EXPIRES_SECONDS,
  MAX_PAPER_BYTES,
  UPLOAD_EXPIRES_SECONDS,
  type Actor,
  type HistoryEntry,
  type PaperVersion,
} from '../schemas/papers.js';
import { meetingStore } from '../store/store.js';
import { paperStore, type RequestFile } from '../store/papers.js';
import { copyObject, deleteObject, headObject, presignDownload, presignUpload, readRange, type UploadForm } from '../aws/s3.js';
import type { Recipient } from '../mail/mailer.js';
import type { EmailPurpose, EmailRecord } from '../schemas/emails.js';
import { queued } from './emails.js';
import type { AuthorAccess } from './author-link.js';
import { asOfNow, deadlineSettings, publicRequest, withDeadlines } from './planning.js';

/**
 * Where an author's upload lands: under `uploads/`, one key per upload form. Submitting copies it to
 * its paper's key under `papers/` (`papers.uploadKey`), so a form used again after its upload was
 * submitted only writes under `uploads/`, which no page reads once submitted and a lifecycle rule
 * empties after 2 days (README, "Papers bucket"); a submitted paper is never replaced or expired.
 */
export const stagedUploadKey = (meetingId: string, requestId: string, uploadId: string) => `uploads/${meetingId}/${requestId}/${uploadId}`;

const authorLink = (baseUrl: string, access: Pick<AuthorAccess, 'request' | 'key'>) =>
  `${baseUrl}/papers/${access.request.id}/${encodeURIComponent(access.key)}`;
export const staffRequestPath = (meetingId: string, requestId: string) => `/staff/meetings/${meetingId}/requests/${requestId}`;

// ---- the author's side ----

/** What the author's page shows: the request, its versions, the office's comments and (while it takes papers) an upload form. */
export async function authorPage(access: AuthorAccess, baseUrl: string, now: Date) {
  const { request, meeting } = access;
  let upload: (UploadForm & { id: string; origin: string }) | undefined;
  if (papers.takesSubmissions(request)) {
    const id = ulid();
    const form = await presignUpload({
      key: stagedUploadKey(meeting.id, request.id, id),
      redirect: `${authorLink(baseUrl, access)}/uploaded?upload=${id}`,
      maxBytes: MAX_PAPER_BYTES,
      expires: UPLOAD_EXPIRES_SECONDS,
    });
    upload = { ...form, id, origin: new URL(form.url).origin };
  }
  return { ...authorSummary(access, now), upload };
}

/** The request as its author sees it (never the link hash). */
export function authorSummary(access: AuthorAccess, now: Date) {
  const { request, meeting, history } = access;
  const row = requests.track(request, now);
  return {
    request: publicRequest(row),
    meeting,
    versions: papers.versionViews(request, access.papers, history),
    comments: papers.returnComments(request, history),
    takesSubmissions: papers.takesSubmissions(request),
    closedReason: papers.takesSubmissions(request) ? undefined : papers.notTakingSubmissions(request),
    link: `/papers/${request.id}/${encodeURIComponent(access.key)}`,
    contact: config().ENGAGEMENT_MANAGER_EMAIL,
  };
}

/**
 * Checks what was uploaded under a key, by its size and its first bytes (never its name): a PDF
 * (`%PDF-`) or a Word document (a ZIP whose central directory lists `word/document.xml`), at most
 * 20 MB. Anything else is deleted and refused.
 */
export async function inspectUpload(meetingId: string, requestId: string, uploadId: string): Promise<papers.CheckedUpload> {
  const key = stagedUploadKey(meetingId, requestId, uploadId);
  const head = await headObject(key);
  if (!head) throw new UploadRefused('missing');
  const refuse = async (problem: UploadProblem) => {
    await deleteObject(key, head.versionId);
    return new UploadRefused(problem);
  };
  if (head.size === 0) throw await refuse('empty');
  if (head.size > MAX_PAPER_BYTES) throw await refuse('too-large');
  const read = (start: number, end: number) => readRange(key, start, end, head.versionId);
  const first = await read(0, Math.min(head.size, papers.HEAD_BYTES) - 1);
  const sniffed = papers.sniff(first);
  let kind: 'pdf' | 'docx' | undefined = sniffed === 'pdf' ? 'pdf' : undefined;
  if (sniffed === 'zip') {
    const tailStart = Math.max(0, head.size - papers.ZIP_TAIL_BYTES);
    const tail = tailStart === 0 && head.size <= first.length ? first : await read(tailStart, head.size - 1);
    const eocd = papers.endOfCentralDirectory(tail);
    if (eocd && eocd.offset + eocd.size <= head.size) {
      const at = eocd.offset - tailStart;
      const directory = at >= 0 && at + eocd.size <= tail.length ? tail.subarray(at, at + eocd.size) : await read(eocd.offset, eocd.offset + eocd.size - 1);
      if (papers.isDocx(papers.zipEntryNames(directory))) kind = 'docx';
    }
  }
  if (!kind) throw await refuse('wrong-type');
  return { id: uploadId, kind, size: head.size, s3Key: key, ...(head.versionId ? { s3VersionId: head.versionId } : {}) };
}

/**
 * The checked upload copied (that exact version) to its paper's key, which nothing else writes: the
 * version recorded is this copy. The staged upload is left for the lifecycle rule to remove.
 */
async function keepUpload(meetingId: string, requestId: string, upload: papers.CheckedUpload): Promise<papers.CheckedUpload> {
  const key = papers.uploadKey(meetingId, requestId, upload.id);
  const copy = await copyObject({ key: upload.s3Key, versionId: upload.s3VersionId }, key);
  const { s3VersionId: _staged, ...rest } = upload;
  return { ...rest, s3Key: key, ...(copy.versionId ? { s3VersionId: copy.versionId } : {}) };
}

/** After S3 sends the author back: the upload checked, or the version it already became. */
export async function checkUpload(access: AuthorAccess, uploadId: string) {
  const done = access.papers.find((p) => p.id === uploadId);
  if (done) return { submitted: done };
  if (!papers.takesSubmissions(access.request)) throw new ConflictError(papers.notTakingSubmissions(access.request));
  return { upload: await inspectUpload(access.meeting.id, access.request.id, uploadId) };
}

/**
 * Record a version from a checked upload, once per upload id: a repeated submit (double click,
 * retried POST) answers with the version already recorded. Sends the receipt to the author and the
 * "paper submitted" email to the sponsor and the engagement manager.
 */
export async function submitPaper(
  access: AuthorAccess,
  input: { upload: string; points: number[]; summary: string },
  baseUrl: string,
  now: Date,
): Promise<{ paper: PaperVersion; request: ReportRequest; repeated: boolean }> {
  const { request, meeting } = access;
  const existing = access.papers.find((p) => p.id === input.upload);
  if (existing) return { paper: existing, request, repeated: true };
  if (!papers.takesSubmissions(request)) throw new ConflictError(papers.notTakingSubmissions(request));
  // Checked again here: the confirm page may be skipped, or the file replaced since.
  const upload = await keepUpload(meeting.id, request.id, await inspectUpload(meeting.id, request.id, input.upload));
  const made = papers.submitPaper({ request, papers: access.papers, upload, points: input.points, summary: input.summary, now });
  const data = {
    request: made.request,
    meeting,
    paper: { ...made.paper, late: papers.isLate(made.paper.submittedAt, request.dueDate), size: papers.formatSize(made.paper.size) },
    link: authorLink(baseUrl, access),
    staffLink: `${baseUrl}${staffRequestPath(meeting.id, request.id)}`,
  };
  // One email each (not one with two addresses), so each reaches its reader on its own.
  const email = (purpose: EmailPurpose, to: Recipient, template: string) =>
    queued({ subjectId: request.id, meetingId: meeting.id, purpose, round: made.paper.id, message: { to: [to], template, data }, now });
  const emails = [
    email('paper-receipt', request.author, 'paper-receipt'),
    email('paper-submitted-sponsor', request.sponsor, 'paper-submitted'),
    email('paper-submitted-office', engagementManager(), 'paper-submitted'),
  ];
  try {
    await paperStore.recordVersion({ paper: made.paper, next: made.request, readVersion: request.version, history: made.history, emails });
  } catch (error) {
    // Not recorded (or another submit of the same upload was): this copy, that exact version, is
    // nobody's (without versions, as in the emulator, the key may be the other submit's: kept).
    if (upload.s3VersionId) await deleteObject(upload.s3Key, upload.s3VersionId).catch(() => undefined);
    if (error instanceof ConflictError) {
      const again = await paperStore.getPaper(meeting.id, request.id, input.upload, true);
      if (again) return { paper: again, request, repeated: true };
    }
    throw error;
  }
  return { paper: made.paper, request: made.request, repeated: false };
}

const engagementManager = (): Recipient => ({ name: 'Engagement manager', email: config().ENGAGEMENT_MANAGER_EMAIL });

// ---- the office's side ----

async function requestFileOf(meetingId: string, requestId: string): Promise<RequestFile> {
  const file = await paperStore.getRequestFile(requestId);
  if (!file || file.request.meetingId !== meetingId) throw notFound.request(requestId);
  return file;
}

/** A request with its versions (each with late / on time and what became of it) and its history. */
export function requestView(file: RequestFile, now: Date) {
  return {
    request: publicRequest(requests.track(file.request, now), undefined, file.emails),
    papers: papers.versionViews(file.request, file.papers, file.history),
    history: [...file.history].reverse(),
    comments: papers.returnComments(file.request, file.history),
  };
}

export async function getRequest(meetingId: string, requestId: string, now: Date) {
  return requestView(await requestFileOf(meetingId, requestId), now);
}

/** The staff request page: the request view and its meeting. */
export async function getRequestPage(meetingId: string, requestId: string, now: Date) {
  const [file, meeting] = await Promise.all([requestFileOf(meetingId, requestId), meetingStore.get(meetingId)]);
  if (!meeting) throw notFound.meeting(meetingId);
  return { meeting: withDeadlines(meeting), ...requestView(file, now), file };
}

function expectVersion(request: ReportRequest, version: number | undefined) {
  if (version !== undefined) meetings.assertVersion(request, version, 'request');
}

const decision = (before: ReportRequest, after: ReportRequest, history: HistoryEntry, emails?: EmailRecord[]) => ({ next: after, readVersion: before.version, history, ...(emails ? { emails } : {}) });

/** An email to a paper's author with the sponsor copied in, about one decision (its history entry is the round). */
const decisionEmail = (request: ReportRequest, history: HistoryEntry, purpose: EmailPurpose, template: string, data: Record<string, unknown>, now: Date) =>
  queued({ subjectId: request.id, meetingId: request.meetingId, purpose, round: history.id, message: { to: [request.author], cc: [request.sponsor], template, data }, now });

/** The email that a paper is published, to its author with the sponsor copied in. */
const publishedEmail = (request: ReportRequest, history: HistoryEntry, meeting: Meeting, baseUrl: string, now: Date) =>
  decisionEmail(request, history, 'paper-published', 'paper-published', { request, meeting, publicLink: `${baseUrl}/meetings/${meeting.id}` }, now);

export async function acceptPaper(meetingId: string, requestId: string, by: Actor, now: Date, version?: number) {
  const file = await requestFileOf(meetingId, requestId);
  expectVersion(file.request, version);
  const out = papers.acceptPaper(file.request, file.papers, by, now);
  await paperStore.saveDecision(decision(file.request, out.request, out.history));
  return requestView({ ...file, request: out.request, history: [...file.history, out.history] }, now);
}

/**
 * Return the paper with comments: the request goes back to "returned" and the author is emailed the
 * comments. The author's link is unchanged (only its hash is stored, so the email cannot repeat it):
 * the email asks them to use the link from their request email, and staff can send a new one.
 */
export async function returnPaper(meetingId: string, requestId: string, comments: string, by: Actor, now: Date, version?: number) {
  const [file, meeting] = await Promise.all([requestFileOf(meetingId, requestId), meetingStore.get(meetingId)]);
  expectVersion(file.request, version);
  const out = papers.returnPaper(file.request, file.papers, comments, by, now);
  const data = { request: out.request, meeting, paper: out.paper, comments: out.history.note, contact: config().ENGAGEMENT_MANAGER_EMAIL };
  await paperStore.saveDecision(decision(file.request, out.request, out.history, [decisionEmail(out.request, out.history, 'paper-returned', 'paper-returned', data, now)]));
  return requestView({ ...file, request: out.request, history: [...file.history, out.history] }, now);
}

/** Publish one accepted paper once the agenda pack is out (a paper accepted late). */
export async function publishPaper(meetingId: string, requestId: string, by: Actor, baseUrl: string, now: Date, version?: number) {
  const [file, meeting] = await Promise.all([requestFileOf(meetingId, requestId), meetingStore.get(meetingId)]);
  if (!meeting) throw notFound.meeting(meetingId);
  expectVersion(file.request, version);
  const out = papers.publishPaper(file.request, file.papers, meeting, by, now);
  if (!out) return requestView(file, now);
  await paperStore.saveDecision(decision(file.request, out.request, out.history, [publishedEmail(out.request, out.history, meeting, baseUrl, now)]));
  return requestView({ ...file, request: out.request, history: [...file.history, out.history] }, now);
}

/**
 * Publish the agenda pack (on or after its publication date): the meeting becomes "agenda-published"
 * and each accepted paper "published", in one transaction. Papers not accepted yet need `confirm`
 * (otherwise a 409 that lists them); they show as "to follow". Publishing twice changes nothing.
 */
export async function publishAgenda(meetingId: string, confirm: boolean, by: Actor, baseUrl: string, now: Date) {
  const bundle = await meetingStore.bundle(meetingId);
  if (!bundle) throw notFound.meeting(meetingId);
  const deadlines = meetings.deadlinesOf(bundle.meeting, deadlineSettings());
  const plan = papers.publishAgenda({
    meeting: bundle.meeting,
    agenda: bundle.agendaItems,
    requests: bundle.requests,
    papers: bundle.papers,
    agendaPublication: deadlines.agendaPublication,
    confirm,
    by,
    now,
  });
  if (!plan) return { meeting: withDeadlines(bundle.meeting), published: [] as string[], missing: [] as MissingPaper[], alreadyPublished: true };
  await paperStore.publishAgenda(
    { next: plan.meeting, readVersion: bundle.meeting.version },
    plan.published.map((p) => decision(p.before, p.request, p.history, [publishedEmail(p.request, p.history, plan.meeting, baseUrl, now)])),
  );
  return { meeting: withDeadlines(plan.meeting), published: plan.published.map((p) => p.request.id), missing: plan.missing, alreadyPublished: false };
}

/** What publishing would leave out (for the staff page's confirmation step). */
export async function agendaPublicationCheck(meetingId: string, now: Date) {
  const bundle = await meetingStore.bundle(meetingId);
  if (!bundle) throw notFound.meeting(meetingId);
  const deadlines = meetings.deadlinesOf(bundle.meeting, deadlineSettings());
  return {
    meeting: withDeadlines(bundle.meeting),
    missing: papers.missingPapers(bundle.meeting, bundle.agendaItems, bundle.requests),
    opensIn: daysBetween(londonDate(now.toISOString()), deadlines.agendaPublication),
  };
}

// ---- downloads ----

async function downloadUrl(paper: PaperVersion) {
  return presignDownload({
    key: paper.s3Key,
    versionId: paper.s3VersionId,
    fileName: papers.paperFileName(paper.title, paper),
    contentType: papers.contentTypes[paper.kind],
    expires: DOWNLOAD_EXPIRES_SECONDS,
  });
}

/** Staff: a short-lived link to any version. */
export async function staffDownload(meetingId: string, requestId: string, versionId: string) {
  const paper = await paperStore.getPaper(meetingId, requestId, versionId);
  if (!paper) throw new NotFoundError(`There is no paper version ${versionId} for that request`, 'paper');
  return { url: await downloadUrl(paper), expiresInSeconds: DOWNLOAD_EXPIRES_SECONDS, fileName: papers.paperFileName(paper.title, paper) };
}

/** Everyone: a short-lived link to the published version of a paper. */
export async function publicDownload(meetingId: string, requestId: string) {
  const file = await paperStore.getRequestFile(requestId);
  const paper = file && papers.latestOf(file.papers);
  if (!file || !paper || file.request.meetingId !== meetingId || file.request.status !== 'published') {
    throw new NotFoundError('There is no published paper at this address. It may not have been published yet: see the meeting page.', 'paper');
  }
  return downloadUrl(paper);
}

// ---- the public meeting page ----

/**
 * A meeting as the public sees it: its details, and once the agenda pack is published the agenda
 * with each published paper (title, sponsor, author, download) or "to follow". Never an email address.
 */
export async function publicMeeting(meetingId: string, now?: Date) {
  const bundle = await meetingStore.bundle(meetingId);
  if (!bundle) throw notFound.meeting(meetingId);
  // The status it counts as now: a meeting whose time has passed is held (issue 13 §3).
  const meeting = asOfNow(bundle.meeting, now);
  const published = meeting.status === 'agenda-published' || meeting.status === 'held';
  const active = bundle.requests.filter((r) => r.status !== 'withdrawn');
  const agenda = meetings.orderedAgenda(meeting, bundle.agendaItems).map((item, i) => {
    const base = { id: item.id, number: i + 1, title: item.title, kind: item.kind, standing: item.standing, format: item.format, presenter: item.presenter };
    if (item.kind === 'standing') return base;
    const request = active.find((r) => r.agendaItemId === item.id || (item.topicId && r.topicId === item.topicId));
    // A verbal update or presentation: no paper, unless one was requested on its topic after all.
    if (!needsPaper(item, request !== undefined)) return base;
    const paper = request?.status === 'published' ? papers.latestOf(bundle.papers.filter((p) => p.requestId === request.id)) : undefined;
    if (!request || !paper) return { ...base, toFollow: true };
    return {
      ...base,
      paper: {
        title: request.title,
        sponsor: request.sponsor.name,
        author: request.author.name,
        href: `/meetings/${meeting.id}/papers/${request.id}`,
        format: paper.kind === 'pdf' ? 'PDF' : 'Word document',
        size: papers.formatSize(paper.size),
      },
    };
  });
  return {
    meeting: withDeadlines(meeting),
    agendaPublished: published,
    agenda: published ? agenda : [],
    bundle,
  };
}

/** Who a signed-in staff member acts as, in a request's history and its emails. */
export { staffActor } from '../domain/papers.js';
