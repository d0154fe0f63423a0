/**
 * Cancelling a meeting (issue 12 §3). First the meeting is marked cancelled, conditional on the
 * version the person saw, with the reason and what becomes of its open questions (and where they
 * go). Then the rest is carried out from what is stored, in transactions of at most 100 items:
 * each report request still awaited is withdrawn (its topic back on the forward plan) with the
 * emails to its author and sponsor queued in the outbox; each open public question is moved to the
 * next meeting (same id and reference) or closed, with the email to its submitter queued. The
 * outbox sends each email and marks it on its record.
 *
 * A retry (the same POST again, or any cancel of a cancelled meeting) carries on from what is
 * stored: requests already withdrawn and questions already moved or closed are not touched again,
 * and their emails, queued with them, are not queued again. So a cancellation cut short part-way
 * is completed by sending it again, and a complete one queues nothing more.
 */
import { notFound } from '../domain/errors.js';
import * as cancellation from '../domain/cancellation.js';
import * as requests from '../domain/requests.js';
import * as topics from '../domain/topics.js';
import { historyEntry } from '../domain/papers.js';
import type { Meeting, ReportRequest, Topic } from '../schemas/entities.js';
import type { Contact, Question } from '../schemas/questions.js';
import type { Actor } from '../schemas/papers.js';
import { meetingStore, type Change } from '../store/store.js';
import { questionStore } from '../store/questions.js';
import { cancellationStore, itemsOf, TRANSACTION_MAX_ITEMS, type Closing, type Move, type Withdrawal } from '../store/cancellation.js';
import { emailSummary, queued, unsendable } from './emails.js';
import { withDeadlines } from './planning.js';
import { questionSettings } from './questions.js';

const office: Actor = { kind: 'staff', name: 'The office' };
/** The reason on the record of an email there was nobody to send to (the submitter's data was removed). */
const NO_CONTACT = 'no-contact';

async function meetingOrThrow(meetingId: string): Promise<Meeting> {
  const meeting = await meetingStore.get(meetingId);
  if (!meeting) throw notFound.meeting(meetingId);
  return meeting;
}

/** What both the plan and the view of a cancellation start from: the meeting's partition and its questions, in parallel. */
export async function readForCancellation(meetingId: string) {
  const [bundle, own] = await Promise.all([meetingStore.view(meetingId), questionStore.meetingQuestions(meetingId)]);
  if (!bundle) throw notFound.meeting(meetingId);
  return { bundle, own };
}
export type CancellationRead = Awaited<ReturnType<typeof readForCancellation>>;

/** The meeting a cancelled meeting's open questions would go to now, with its deadlines. */
async function redirectTargetFor(meeting: Meeting, now: Date) {
  const later = (await meetingStore.list(meeting.start)).map(withDeadlines);
  return cancellation.redirectTarget(meeting, later, now);
}

/**
 * What cancelling would do, for the page that asks: the requests withdrawn (and published papers
 * kept), the open questions, and the meeting they could be redirected to (if one is taking them).
 */
export async function cancellationPlan(meetingId: string, now: Date, read?: CancellationRead) {
  const { bundle, own } = read ?? (await readForCancellation(meetingId));
  const { meeting } = bundle;
  return {
    meeting: withDeadlines(meeting),
    withdraw: cancellation.requestsToWithdraw(bundle.requests).sort(byTitle),
    keptPublished: bundle.requests.filter((r) => r.status === 'published').sort(byTitle),
    openQuestions: cancellation.openQuestions(own.questions).sort((a, b) => a.number - b.number),
    redirectTo: meeting.status === 'cancelled' ? undefined : await redirectTargetFor(meeting, now),
  };
}

const byTitle = (a: ReportRequest, b: ReportRequest) => a.title.localeCompare(b.title);

/**
 * Cancel a meeting, or complete a cancellation already made (whatever version is sent: a retried
 * POST carries the version it was first sent with). Answers what was done, as `cancellationView`.
 */
export async function cancelMeeting(
  meetingId: string,
  input: cancellation.CancelInput,
  now: Date,
  by: Actor = office,
) {
  let meeting = await meetingOrThrow(meetingId);
  const alreadyCancelled = meeting.status === 'cancelled';
  if (!alreadyCancelled) {
    const target = input.questions === 'redirect' && meeting.version === input.version && meeting.status !== 'held' ? await redirectTargetFor(meeting, now) : undefined;
    const next = cancellation.cancelMeeting(meeting, input, target, now);
    await meetingStore.save({ next, readVersion: meeting.version });
    meeting = next;
  }
  await completeCancellation(meeting, now, by);
  return { alreadyCancelled, ...(await cancellationView(meetingId)) };
}

/** Carry out a cancellation from what is stored: see the module comment. */
async function completeCancellation(meeting: Meeting, now: Date, by: Actor) {
  const { bundle, own } = await readForCancellation(meeting.id);
  const round = meeting.cancelledAt ?? meeting.updatedAt;
  const reason = meeting.cancelledReason;
  const requestEmail = (r: ReportRequest, who: 'author' | 'sponsor') =>
    queued({
      subjectId: r.id,
      meetingId: r.meetingId,
      purpose: `cancel-${who}`,
      round,
      message: { to: [r[who]], template: 'meeting-cancelled-request', data: { meeting: withDeadlines(meeting), request: r, role: who, name: r[who].name, reason } },
      now,
    });

  // ---- report requests ----
  const toWithdraw = cancellation.requestsToWithdraw(bundle.requests);
  const topicsRead = await cancellationStore.topics(toWithdraw.map((r) => r.topicId));
  // A topic is written once, with every withdrawal's effect on it, beside the first request naming it.
  const topicNow = new Map(topicsRead);
  for (const r of toWithdraw) {
    const t = topicNow.get(r.topicId);
    if (t) topicNow.set(r.topicId, topics.detachRequest(t, r, now));
  }
  const topicWritten = new Set<string>();
  const withdrawals: Withdrawal[] = toWithdraw.map((r) => {
    const before = topicsRead.get(r.topicId);
    const after = topicNow.get(r.topicId);
    const topic: Change<Topic> | undefined =
      before && after && after !== before && !topicWritten.has(r.topicId) ? { next: after, readVersion: before.version } : undefined;
    if (topic) topicWritten.add(r.topicId);
    const next = requests.withdrawRequest(r, now);
    return {
      request: { next, readVersion: r.version },
      history: historyEntry(r, 'withdrawn', by, now, { note: `The meeting was cancelled: ${reason ?? ''}`.trim() }),
      ...(topic ? { topic } : {}),
      emails: [requestEmail(next, 'author'), requestEmail(next, 'sponsor')],
    };
  });
  // Each group's emails are queued in its transaction: the outbox sends them.
  for (const group of cancellation.chunks(withdrawals, itemsOf.withdrawal, TRANSACTION_MAX_ITEMS)) await cancellationStore.withdraw(group);

  // ---- public questions ----
  const open = cancellation.openQuestions(own.questions);
  const target = meeting.cancelledQuestions === 'redirect' && meeting.questionsMovedTo ? await meetingStore.get(meeting.questionsMovedTo) : undefined;
  // The meeting chosen may since have been cancelled or held itself: what is left is closed instead.
  const moving = target && target.status !== 'cancelled' && target.status !== 'held' ? target : undefined;
  const questionEmail = (q: Question, contact: Contact | undefined, meetingId: string, movedTo?: ReturnType<typeof withDeadlines>) => {
    const what = { subjectId: q.id, meetingId, purpose: 'cancel-question' as const, round, now };
    if (!contact) return unsendable(what, NO_CONTACT);
    const data = { meeting: withDeadlines(meeting), question: q, name: contact.name, reason, movedTo };
    return queued({ ...what, message: { to: [{ name: contact.name, email: contact.email }], template: 'meeting-cancelled-question', data } });
  };
  if (moving) {
    const retention = questionSettings().retentionMonths;
    const movedTo = withDeadlines(moving);
    const moves: Move[] = open.map((q) => {
      const contact = own.contacts.get(q.id);
      const moved = cancellation.movedQuestion(q, contact, moving, retention, now);
      return { from: q, to: moved.question, ...(contact && moved.contact ? { contact: { from: contact, to: moved.contact } } : {}), email: questionEmail(moved.question, moved.contact ?? contact, moving.id, movedTo) };
    });
    // One item of each transaction is the check that the target meeting is unchanged.
    for (const group of cancellation.chunks(moves, itemsOf.move, TRANSACTION_MAX_ITEMS - 1)) await cancellationStore.move({ id: moving.id, version: moving.version }, group);
  } else {
    const closings: Closing[] = open.map((q) => {
      const next = cancellation.closedQuestion(q, now);
      return { question: { next, readVersion: q.version }, email: questionEmail(next, own.contacts.get(q.id), meeting.id) };
    });
    for (const group of cancellation.chunks(closings, itemsOf.closing, TRANSACTION_MAX_ITEMS)) await cancellationStore.close(group);
  }
}

/**
 * A cancelled meeting as staff see it afterwards: the reason, each request withdrawn and each
 * question moved or closed, with whether each email went (from its record).
 */
export async function cancellationView(meetingId: string, read?: CancellationRead) {
  const { bundle, own } = read ?? (await readForCancellation(meetingId));
  const { meeting } = bundle;
  const round = meeting.cancelledAt;
  // The meeting the questions went to and its questions: both keyed by its id, so in parallel.
  const [target, there] = meeting.questionsMovedTo
    ? await Promise.all([meetingStore.get(meeting.questionsMovedTo), questionStore.meetingQuestions(meeting.questionsMovedTo)])
    : [undefined, undefined];
  const records = [...bundle.emails, ...own.emails, ...(there?.emails ?? [])].filter((e) => e.purpose.startsWith('cancel-') && e.round === round);
  const emailsOf = (subjectId: string) => records.filter((e) => e.subjectId === subjectId).map(emailSummary);
  const question = (q: Question) => ({ id: q.id, reference: q.reference, meetingId: q.meetingId, status: q.status, emails: emailsOf(q.id) });
  return {
    meeting: withDeadlines(meeting),
    withdrawn: bundle.requests
      .filter((r) => r.status === 'withdrawn' && records.some((e) => e.subjectId === r.id))
      .sort(byTitle)
      .map((r) => ({ id: r.id, title: r.title, author: r.author, sponsor: r.sponsor, emails: emailsOf(r.id) })),
    keptPublished: bundle.requests.filter((r) => r.status === 'published').sort(byTitle).map((r) => ({ id: r.id, title: r.title })),
    questions: {
      movedTo: target ? withDeadlines(target) : undefined,
      moved: (there?.questions ?? []).filter((q) => q.movedFrom?.meetingId === meetingId).sort((a, b) => a.number - b.number).map(question),
      closed: own.questions.filter((q) => q.status === 'closed').sort((a, b) => a.number - b.number).map(question),
    },
  };
}
