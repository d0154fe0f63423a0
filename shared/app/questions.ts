/**
 * Public questions: the form, the submission (idempotent, rate limited, acknowledged once), the
 * submitter's deletion link, the office's review and answers with their emails, the staff CSV, what
 * the public meeting page shows after the meeting, and the purge of personal data.
 */
import { config } from '../config.js';
import { NotFoundError, ValidationError, notFound } from '../domain/errors.js';
import * as qd from '../domain/questions.js';
import { secretMatches } from '../domain/requests.js';
import type { AgendaItem, Meeting } from '../schemas/entities.js';
import { CSV_PART_SIZE, encodeCursor, QUEUE_PAGE_SIZE, queueStates, type AnswerQuestionInput, type Contact, type Question, type QuestionForm, type QueueCursor, type QueueState, type ReviewQuestionInput } from '../schemas/questions.js';
import { meetingStore } from '../store/store.js';
import { questionStore, type QueueEntry, type Submission } from '../store/questions.js';
import { emailStore } from '../store/emails.js';
import type { EmailRecord } from '../schemas/emails.js';
import { latestRound, queued, roundOf, unsendable } from './emails.js';
import { logger } from '../observability.js';
import { withDeadlines } from './planning.js';
import { londonDate } from '../domain/time.js';
import * as meetings from '../domain/meetings.js';
import { byCodePoint } from '../domain/order.js';

/** How long an identical post is recognised as a retry (its record holds a hash of the form). */
const SUBMISSION_RECORD_DAYS = 7;

export const questionSettings = () => {
  const c = config();
  return {
    wordLimit: c.QUESTION_WORD_LIMIT,
    ratePerHour: c.QUESTION_RATE_LIMIT_PER_HOUR,
    retentionMonths: c.QUESTION_DATA_RETENTION_MONTHS,
    referencePrefix: c.QUESTION_REFERENCE_PREFIX,
  };
};

export const formPath = (meetingId: string) => `/meetings/${meetingId}/questions/new`;
export const forgetLink = (baseUrl: string, questionId: string, secret: string) => `${baseUrl}/questions/${questionId}/forget/${secret}`;

type MeetingWithDeadlines = ReturnType<typeof withDeadlines>;

export function windowOf(meeting: Meeting, now: Date) {
  const m = withDeadlines(meeting);
  return { meeting: m, window: qd.questionWindow(m, m.deadlines.questionDeadline, now) };
}

/** The first meeting from now whose question window is open (one Query on gsi1). */
export async function nextOpenMeeting(now: Date, exceptId?: string): Promise<MeetingWithDeadlines | undefined> {
  const upcoming = await meetingStore.list(now.toISOString());
  for (const m of upcoming.sort((a, b) => byCodePoint(a.start, b.start))) {
    if (m.id === exceptId) continue;
    const { meeting, window } = windowOf(m, now);
    if (window.open) return meeting;
  }
  return undefined;
}

/** What the form page needs: the meeting and its window, and the next open meeting when this one is closed. */
export async function questionFormContext(meetingId: string, now: Date) {
  const found = await meetingStore.get(meetingId);
  if (!found) throw notFound.meeting(meetingId);
  const { meeting, window } = windowOf(found, now);
  const next = window.open ? undefined : await nextOpenMeeting(now, meetingId);
  return { meeting, window, next };
}

// ---- submitting ----

export type SubmitResult =
  | { kind: 'created' | 'repeated'; meeting: MeetingWithDeadlines; reference: string; questionId: string; acknowledgement: Acknowledgement }
  | { kind: 'closed'; meeting: MeetingWithDeadlines; window: qd.QuestionWindow; next?: MeetingWithDeadlines }
  | { kind: 'rate-limited'; meeting: MeetingWithDeadlines; retryAt: string };

/**
 * What became of a question's acknowledgement, as the confirmation page says it: sent; queued and
 * on its way (or being tried again); failed (staff see it and can send it again); or not sent
 * because the limits were reached.
 */
export type Acknowledgement = 'sent' | 'pending' | 'failed' | 'limited';

/**
 * The acknowledgement carries the reference, the meeting and the links, never what was typed (not
 * the name, not the question: the link shows it), so the form cannot carry a message to anyone.
 * Queued with the question; its message holds the deletion link's secret until it is sent.
 */
function acknowledgementEmail(meeting: Meeting, question: Question, contact: Contact, secret: string, baseUrl: string, now: Date) {
  return queued({
    subjectId: question.id,
    meetingId: question.meetingId,
    purpose: 'question-received',
    round: 'once',
    message: {
      to: [{ name: '', email: contact.email }],
      template: 'question-received',
      data: {
        meeting: withDeadlines(meeting),
        question: { reference: question.reference },
        forgetLink: forgetLink(baseUrl, question.id, secret),
        privacyLink: `${baseUrl}/privacy`,
        retentionMonths: questionSettings().retentionMonths,
      },
    },
    now,
  });
}

/**
 * Whether one more acknowledgement may go: at most QUESTION_ACKS_PER_ADDRESS_PER_DAY to one address
 * (counted on a hash of it) a London day, and QUESTION_ACKS_PER_HOUR to everyone a clock hour.
 */
async function acknowledgementAllowed(email: string, now: Date): Promise<boolean> {
  const c = config();
  const day = londonDate(now.toISOString());
  const hour = qd.rateWindow(now);
  const dayEnds = Math.floor(now.getTime() / 1000) + 2 * 86_400;
  if (!(await questionStore.countInWindow(`ack:${qd.recipientKey(email)}`, day, c.QUESTION_ACKS_PER_ADDRESS_PER_DAY, dayEnds))) return false;
  return questionStore.countInWindow('ack:all', hour.window, c.QUESTION_ACKS_PER_HOUR, Math.floor(Date.parse(hour.endsAt) / 1000) + 3600);
}

/** A post that was seen before: the same confirmation, with how its acknowledgement stands now. */
async function repeated(meeting: Meeting, submission: Submission): Promise<SubmitResult> {
  let acknowledgement: Acknowledgement = 'limited';
  if (!submission.emailLimitedAt) {
    const [email] = await questionStore.emailsOf(meeting.id, submission.questionId, 'question-received');
    acknowledgement = email?.status === 'sent' ? 'sent' : email?.status === 'failed' || email?.status === 'suppressed' ? 'failed' : 'pending';
  }
  return { kind: 'repeated', meeting: withDeadlines(meeting), reference: submission.reference, questionId: submission.questionId, acknowledgement };
}

/**
 * Store a question and acknowledge it by email, once per submission: the idempotency key and the
 * posted fields identify it; a repeat shows the same reference and sends nothing new.
 */
export async function submitQuestion(args: {
  meetingId: string;
  form: QuestionForm;
  idempotencyKey: string;
  sourceIp: string;
  baseUrl: string;
  now: Date;
}): Promise<SubmitResult> {
  const { meetingId, form, now } = args;
  const settings = questionSettings();
  const submissionHash = qd.submissionHash(args.idempotencyKey, form);
  let ctx = await questionStore.submissionContext(meetingId, submissionHash);
  if (!ctx.meeting) throw notFound.meeting(meetingId);
  if (ctx.submission) return repeated(ctx.meeting, ctx.submission);

  const { meeting, window } = windowOf(ctx.meeting, now);
  if (!window.open) return { kind: 'closed', meeting, window, next: await nextOpenMeeting(now, meetingId) };

  const rate = qd.rateWindow(now);
  const allowed = await questionStore.countInWindow(
    qd.addressKey(qd.addressScope(args.sourceIp)),
    rate.window,
    settings.ratePerHour,
    Math.floor(Date.parse(rate.endsAt) / 1000) + 3600,
  );
  if (!allowed) {
    logger.warn('Question rate limit reached', { meetingId });
    return { kind: 'rate-limited', meeting, retryAt: rate.endsAt };
  }

  // The reference number: an atomic claim, so a burst of posts never competes for one.
  const number = await questionStore.claimNumber(meetingId);
  const { question, contact, secret } = qd.newQuestion({
    meeting: ctx.meeting!,
    form,
    number,
    referencePrefix: settings.referencePrefix,
    retentionMonths: settings.retentionMonths,
    now,
  });
  // Beyond the limits the question is still saved, and acknowledged on the page only.
  const acknowledged = await acknowledgementAllowed(contact.email, now);
  if (!acknowledged) logger.warn('Question acknowledgement limit reached: not sent', { questionId: question.id });
  for (let attempt = 0; attempt < 3; attempt++) {
    const outcome = await questionStore.createQuestion({
      question,
      contact,
      submissionHash,
      submission: {
        questionId: question.id,
        reference: question.reference,
        meetingId,
        ...(acknowledged ? {} : { emailLimitedAt: now.toISOString() }),
        expiresAt: Math.floor(now.getTime() / 1000) + SUBMISSION_RECORD_DAYS * 86_400,
      },
      email: acknowledged ? acknowledgementEmail(ctx.meeting!, question, contact, secret, args.baseUrl, now) : undefined,
    });
    if (outcome === 'created') {
      return { kind: 'created', meeting, reference: question.reference, questionId: question.id, acknowledgement: acknowledged ? 'pending' : 'limited' };
    }
    // The same submission got there first (a double click, a retried post): its confirmation.
    ctx = await questionStore.submissionContext(meetingId, submissionHash);
    if (ctx.submission) return repeated(ctx.meeting!, ctx.submission);
    // It was still being written when ours conflicted with it: try again.
    await new Promise((r) => setTimeout(r, 20 * (attempt + 1)));
  }
  throw new Error('Could not store the question after 3 attempts');
}

// ---- the submitter's deletion link ----

async function linkedQuestion(questionId: string, key: string) {
  const { question, contact } = await questionStore.byQuestionId(questionId);
  if (!question || !secretMatches(key, question.forgetHash)) {
    throw new NotFoundError('This link is not valid. Check that you copied the whole link from the email.', 'question');
  }
  return { question, contact };
}

export async function forgetContext(questionId: string, key: string) {
  const { question, contact } = await linkedQuestion(questionId, key);
  return { reference: question.reference, text: question.text, hasPersonalData: contact !== undefined };
}

/** Delete the submitter's name and email now; the question, district and any answer stay. */
export async function forgetSubmitter(questionId: string, key: string) {
  const { question, contact } = await linkedQuestion(questionId, key);
  if (contact) {
    await questionStore.deleteContact(question.meetingId, question.id);
    logger.info('Personal data removed at the submitter’s request', { questionId });
  }
  return { reference: question.reference };
}

// ---- staff: the queue, review and answers ----

/** The reason an email about a question was not sent when there was nobody to send it to. */
const NO_CONTACT = 'no-contact';

/** Whether the emails about a question went: its current review's outcome, and its answer. */
function questionEmailState(q: Question, emails: readonly EmailRecord[]) {
  const mine = emails.filter((e) => e.subjectId === q.id);
  const [review] = latestRound(mine.filter((e) => e.purpose === 'question-review'));
  const answer = mine.find((e) => e.purpose === 'question-answer');
  const received = mine.find((e) => e.purpose === 'question-received');
  const failed = [answer, review, received].find((e) => e?.status === 'failed' || e?.status === 'suppressed');
  const sending = [answer, review].some((e) => e && ['pending', 'sending', 'retrying'].includes(e.status));
  return {
    ...(review?.status === 'sent' ? { reviewEmailedAt: review.sentAt } : {}),
    ...(answer?.status === 'sent' ? { answerEmailedAt: answer.sentAt } : {}),
    ...(sending ? { emailSending: true } : {}),
    ...(failed
      ? {
          emailError:
            failed.error === NO_CONTACT
              ? 'Not emailed: the submitter’s personal data has been removed.'
              : `The ${failed.purpose === 'question-received' ? 'acknowledgement' : 'email'} could not be sent (${failed.error}).`,
        }
      : {}),
  };
}

/** A question as staff see it: with the submitter (while kept) and whether its emails went, never the link hash. */
export function staffQuestion(q: Question, contact: Contact | undefined, emails: readonly EmailRecord[] = []) {
  const { forgetHash: _hidden, ...rest } = q;
  return {
    ...rest,
    ...questionEmailState(q, emails),
    submitter: contact ? { name: contact.name, email: contact.email, keptUntil: contact.expiresOn } : null,
  };
}
export type StaffQuestion = ReturnType<typeof staffQuestion>;

/**
 * Some questions as staff see them, by id, with the contacts of `ids` and their emails' records; the
 * questions of `alsoIds` (leads, the recent accepted ones) come back in `all`. Two rounds of
 * BatchGetItem: the questions with their contacts and the acknowledgement and answer records (their
 * keys are fixed), then the latest review email of each (its key, `review.emailRound`, is on the question).
 */
async function staffQuestionsOf(meetingId: string, ids: string[], alsoIds: string[] = []) {
  const fixed = (id: string) => [
    { questionId: id, purpose: 'question-received', round: 'once' },
    { questionId: id, purpose: 'question-answer', round: 'once' },
  ];
  const [found, fixedEmails] = await Promise.all([questionStore.byIds(meetingId, [...ids, ...alsoIds], ids), questionStore.emailsByKey(meetingId, ids.flatMap(fixed))]);
  const page = ids.flatMap((id) => found.questions.get(id) ?? []);
  const reviews = await questionStore.emailsByKey(
    meetingId,
    page.flatMap((q) => (q.review?.emailRound ? [{ questionId: q.id, purpose: 'question-review', round: q.review.emailRound }] : [])),
  );
  const emails = [...fixedEmails, ...reviews];
  return { questions: page.map((q) => staffQuestion(q, found.contacts.get(q.id), emails)), all: found.questions };
}

/** The cursor of the page after this one (when there is one): its last question, and how many came before. */
const nextCursorOf = (entries: QueueEntry[], more: boolean, before: number) => {
  const last = entries.at(-1);
  return more && last ? encodeCursor({ s: last.state, n: last.number, i: last.id, d: 'n', o: before + entries.length }) : undefined;
};

/**
 * The questions API: a page of a meeting's questions (one queue state, or all of them by state),
 * `limit` at a time, with the cursor of the next page. The meeting (GetItem) and the page's keys
 * (one Query on gsi3), in parallel; then the page's questions, contacts and email records by key.
 */
export async function listQuestions(meetingId: string, query: { status?: QueueState; cursor?: QueueCursor; limit?: number } = {}) {
  const limit = query.limit ?? QUEUE_PAGE_SIZE;
  const [found, page] = await Promise.all([meetingStore.get(meetingId), questionStore.queuePage(meetingId, { state: query.status, cursor: query.cursor, limit })]);
  if (!found) throw notFound.meeting(meetingId);
  const { questions } = await staffQuestionsOf(meetingId, page.entries.map((e) => e.id));
  const nextCursor = nextCursorOf(page.entries, page.more, query.cursor?.o ?? 0);
  return { meeting: withDeadlines(found), questions, ...(nextCursor ? { nextCursor } : {}) };
}

/** How many accepted questions the "group with" list offers: the most recent, same agenda item first. */
export const LIKELY_LEADS = 10;

/**
 * One page of the staff queue: one state (default: those to review; when none are, the first state
 * that has questions), 50 at a time, with the count of every state, the page's place and its
 * neighbours' cursors, and the recent accepted questions to group with. Round one, in parallel: the
 * meeting with its agenda, the page's keys, the counts, the recent leads (four Queries); then the
 * questions by key (staffQuestionsOf). `include`: a question shown even if not on the page (a form
 * that failed, shown again); `done`: the question just reviewed, for the banner.
 */
export async function queueView(meetingId: string, query: { status?: QueueState; cursor?: QueueCursor; include?: string; done?: string }) {
  const firstState = query.cursor?.s ?? query.status ?? 'submitted';
  const [plan, firstPage, counts, recent] = await Promise.all([
    meetingStore.agenda(meetingId),
    questionStore.queuePage(meetingId, { state: firstState, cursor: query.cursor, limit: QUEUE_PAGE_SIZE }),
    questionStore.queueCounts(meetingId),
    questionStore.recentLeads(meetingId, LIKELY_LEADS),
  ]);
  if (!plan) throw notFound.meeting(meetingId);
  let state: QueueState = firstState;
  let page = firstPage;
  // Nothing to review and no state chosen: the first state with questions (a cancelled meeting's closed ones).
  if (!query.status && !query.cursor && !page.entries.length) {
    const other = queueStates.find((s) => counts[s] > 0);
    if (other && other !== state) {
      state = other;
      page = await questionStore.queuePage(meetingId, { state, limit: QUEUE_PAGE_SIZE });
    }
  }
  const ids = page.entries.map((e) => e.id);
  const extra = [query.include, query.done].filter((x): x is string => !!x && !ids.includes(x));
  const first = await staffQuestionsOf(meetingId, [...extra, ...ids], recent.map((e) => e.id));
  // The leads of grouped questions on the page that are not already read: one more BatchGetItem at most.
  const missingLeads = [...new Set(first.questions.flatMap((q) => (q.groupId && q.groupId !== q.id && !first.all.has(q.groupId) ? [q.groupId] : [])))];
  const leads = missingLeads.length ? (await questionStore.byIds(meetingId, missingLeads)).questions : new Map<string, Question>();
  const byId = new Map([...first.all, ...leads]);
  const done = query.done ? first.questions.find((q) => q.id === query.done) : undefined;
  const shown = first.questions.filter((q) => q.id !== query.done || ids.includes(q.id) || q.id === query.include);
  const backwards = query.cursor?.d === 'p';
  // How many questions of the state come before the page.
  const before = query.cursor ? (backwards ? Math.max(0, query.cursor.o - page.entries.length) : query.cursor.o) : 0;
  const firstEntry = page.entries[0];
  const hasPrevious = backwards ? page.more : before > 0;
  const hasNext = backwards ? true : page.more;
  return {
    meeting: withDeadlines(plan.meeting),
    agenda: meetings.orderedAgenda(plan.meeting, plan.agendaItems) as AgendaItem[],
    state,
    counts,
    questions: shown,
    done,
    byId,
    recentLeads: recent.flatMap((e) => byId.get(e.id) ?? []),
    from: page.entries.length ? before + 1 : 0,
    to: before + page.entries.length,
    previous: hasPrevious && firstEntry ? encodeCursor({ s: state, n: firstEntry.number, i: firstEntry.id, d: 'p', o: before }) : undefined,
    next: hasNext ? nextCursorOf(page.entries, true, before) : undefined,
  };
}

/** A meeting's questions waiting for review and in each other state (the staff home, the meeting page): one Query of index keys. */
export const questionCounts = (meetingId: string) => questionStore.queueCounts(meetingId);

/**
 * A typed reference (e.g. COM-20211207-007) as the id of an accepted question of the meeting, for
 * grouping: its number's accepted and grouped entries on gsi3 (two small Queries, in parallel) and
 * the candidates by key. Unknown, or not accepted (then the other states are read, to say which): a
 * field error on `leadReference`.
 */
async function leadIdOf(meetingId: string, reference: string): Promise<string> {
  const number = Number(reference.split('-').at(-1));
  const match = async (states: readonly QueueState[]) => {
    const entries = await questionStore.byNumber(meetingId, number, states);
    if (!entries.length) return undefined;
    const found = await questionStore.byIds(meetingId, entries.map((e) => e.id));
    return [...found.questions.values()].find((q) => q.reference === reference);
  };
  const lead = await match(['accepted', 'grouped']);
  if (lead) return lead.id;
  const other = await match(queueStates.filter((s) => s !== 'accepted' && s !== 'grouped'));
  throw new ValidationError('Check the question to group it with', [
    {
      field: 'leadReference',
      message: other
        ? `Accept ${reference} first: questions are grouped with an accepted question`
        : `No question of this meeting has the reference ${reference}`,
    },
  ]);
}

const outcomeTemplate = { accept: 'question-accepted', group: 'question-grouped', redirect: 'question-redirected', reject: 'question-rejected' } as const;

/** An email to a question's submitter, queued; failed at once (nothing to send) when their personal data has gone. */
function questionEmail(
  q: Question,
  contact: Contact | undefined,
  purpose: 'question-review' | 'question-answer',
  round: string,
  now: Date,
  message: (contact: Contact) => { template: string; data: Record<string, unknown> },
) {
  const what = { subjectId: q.id, meetingId: q.meetingId, purpose, round, now };
  return contact ? queued({ ...what, message: { to: [{ name: contact.name, email: contact.email }], ...message(contact) } }) : unsendable(what, NO_CONTACT);
}

/**
 * Accept (under an agenda item), group with a similar question, redirect or reject; the submitter is
 * emailed the outcome and the reason whenever the outcome changes: the email is queued in the outbox
 * in the review's transaction. Reads only what the review touches (the
 * question, its lead, the question it joins and that one's lead, the meeting and its agenda), so its
 * cost does not grow with the meeting's questions.
 */
export async function reviewQuestion(meetingId: string, questionId: string, given: ReviewQuestionInput, by: string, now: Date) {
  const input: ReviewQuestionInput =
    given.outcome === 'group' && given.leadReference ? { version: given.version, outcome: 'group', leadId: await leadIdOf(meetingId, given.leadReference) } : given;
  const targetId = input.outcome === 'group' ? input.leadId : undefined;
  const [first, plan] = await Promise.all([
    questionStore.byIds(meetingId, targetId ? [questionId, targetId] : [questionId], [questionId]),
    meetingStore.agenda(meetingId),
  ]);
  if (!plan) throw notFound.meeting(meetingId);
  const q = first.questions.get(questionId);
  if (!q) throw notFound.question(questionId);
  const target = targetId ? first.questions.get(targetId) : undefined;
  const leads = [q, target].flatMap((x) => (x && qd.isMember(x) && !first.questions.has(x.groupId!) ? [x.groupId!] : []));
  const more = leads.length ? (await questionStore.byIds(meetingId, leads)).questions : new Map<string, Question>();
  const questions = [...first.questions.values(), ...more.values()];
  const agenda = meetings.orderedAgenda(plan.meeting, plan.agendaItems) as AgendaItem[];
  const result = qd.reviewQuestion(q, input, { agenda, questions, by, now });
  // The outcome email's round, kept on the review so the queue reads its record by key: a new one
  // when the submitter is told, else the one they were last told in.
  const emailRound = result.notify ? roundOf(result.question.review!.at, result.question.version) : q.review?.emailRound;
  if (emailRound) result.question.review = { ...result.question.review!, emailRound };
  const question = result.question;
  const contact = first.contacts.get(q.id);
  const lead = qd.isMember(question) ? (result.changed.find((c) => c.question.id === question.groupId)?.question ?? questions.find((x) => x.id === question.groupId)) : undefined;
  const item = agenda.find((a) => a.id === (lead ?? question).agendaItemId);
  const record = result.notify
    ? questionEmail(question, contact, 'question-review', emailRound!, now, (c) => ({
        template: outcomeTemplate[question.review!.outcome],
        data: {
          meeting: withDeadlines(plan.meeting),
          question,
          name: c.name,
          agendaItem: item?.title,
          reason: question.review?.reason ? qd.rejectReasonText[question.review.reason] : undefined,
          note: question.review?.note,
          lead: lead ? { reference: lead.reference } : undefined,
        },
      }))
    : undefined;
  await questionStore.saveReview({ changed: result.changed, checked: result.checked, email: record }, `question ${q.reference}`);
  return { question: staffQuestion(question, contact, record ? [record] : []), emailing: record?.status === 'pending' };
}

/**
 * Record the answer on the lead question (or the question standing alone) and queue it for each
 * submitter of the group who has not had it yet: a corrected answer is not sent twice. Each
 * submitter's email is queued on a record of its own (created once), so a call cut short part-way
 * and tried again never sends anyone the answer twice. Reads the question, its group and the meeting.
 */
export async function answerQuestion(meetingId: string, questionId: string, input: AnswerQuestionInput, by: string, now: Date) {
  const [first, found] = await Promise.all([questionStore.byIds(meetingId, [questionId], [questionId]), meetingStore.get(meetingId)]);
  if (!found) throw notFound.meeting(meetingId);
  const q = first.questions.get(questionId);
  if (!q) throw notFound.question(questionId);
  // The group (or, for a member, its lead, to name it when refusing), with the members' contacts.
  const related = qd.isMember(q) ? [q.groupId!] : (q.memberIds ?? []);
  const group = related.length ? await questionStore.byIds(meetingId, related, qd.isMember(q) ? [] : related) : undefined;
  const contacts = new Map([...first.contacts, ...(group?.contacts ?? [])]);
  const meeting = withDeadlines(found);
  const { lead, group: everyone } = qd.answerQuestion(q, input, { meeting, questions: [...(group?.questions.values() ?? [])], by, now });
  // The meeting's first answer marks it as having published answers (the archive reads it from the
  // meeting item), in the same transaction, at the meeting's version read.
  const firstAnswer = found.answersPublishedAt ? undefined : { next: { ...found, answersPublishedAt: now.toISOString(), version: found.version + 1, updatedAt: now.toISOString() }, readVersion: found.version };
  await questionStore.saveAnswer(lead, q.version, `question ${q.reference}`, firstAnswer);

  const answer = {
    ...lead.answer!,
    livestreamAt: lead.answer!.livestreamAt !== undefined ? qd.formatTimestamp(lead.answer!.livestreamAt) : undefined,
  };
  const queuedNow: EmailRecord[] = [];
  for (const member of everyone) {
    const contact = contacts.get(member.id);
    const record = questionEmail(member, contact, 'question-answer', 'once', now, (c) => ({
      template: 'question-answered',
      data: { meeting, question: member.id === lead.id ? lead : member, name: c.name, answer, grouped: everyone.length > 1 },
    }));
    // Queued only if never queued before, or it failed: a corrected answer is not sent twice.
    if (await emailStore.enqueue(record)) queuedNow.push(record);
  }
  return { question: staffQuestion(lead, contacts.get(lead.id), queuedNow), emailing: queuedNow.filter((r) => r.status === 'pending').length };
}

// ---- staff CSV ----

/**
 * A part of a meeting's questions as CSV (CSV_PART_SIZE by number: part 1 holds 1 to 500), so no file
 * grows with the meeting (about 650 KB a part at 150-word questions with answers). The meeting and
 * its agenda, and the part's keys (a Query per queue state on gsi3), in parallel; then the questions
 * with their contacts by key (a BatchGetItem per 100 keys, in parallel), and the leads of grouped
 * questions in another part (one more at most).
 */
export async function questionsCsv(meetingId: string, part = 1) {
  const from = (part - 1) * CSV_PART_SIZE + 1;
  const [plan, entries] = await Promise.all([meetingStore.agenda(meetingId), questionStore.numbered(meetingId, from, from + CSV_PART_SIZE - 1)]);
  if (!plan) throw notFound.meeting(meetingId);
  const ids = entries.map((e) => e.id);
  const found = await questionStore.byIds(meetingId, ids, ids);
  const questions = [...found.questions.values()];
  const missing = [...new Set(questions.flatMap((q) => (q.groupId && q.groupId !== q.id && !found.questions.has(q.groupId) ? [q.groupId] : [])))];
  const leads = missing.length ? [...(await questionStore.byIds(meetingId, missing)).questions.values()] : [];
  const meeting = withDeadlines(plan.meeting);
  const agenda = meetings.orderedAgenda(plan.meeting, plan.agendaItems) as AgendaItem[];
  const rows = [qd.csvHeader, ...qd.csvRows(questions, found.contacts, agenda, leads)];
  const day = meeting.startLocal.slice(0, 10);
  return { filename: `questions-${questionSettings().referencePrefix}-${day}${part > 1 ? `-part-${part}` : ''}.csv`, body: qd.toCsv(rows) };
}

/** The CSV's parts, as the queue page links them: one per CSV_PART_SIZE numbers up to the highest. */
export const csvParts = (maxNumber: number) =>
  Array.from({ length: Math.max(1, Math.ceil(maxNumber / CSV_PART_SIZE)) }, (_, i) => ({ part: i + 1, from: i * CSV_PART_SIZE + 1, to: Math.min(maxNumber, (i + 1) * CSV_PART_SIZE) }));

// ---- the public meeting page ----

/**
 * After the meeting (held, or its start has passed): accepted questions grouped with their one
 * answer, the asker's name only with consent, the district; never an email address. Before the
 * meeting, or for a cancelled one: nothing (and nothing is read). One Query.
 */
export async function publicMeetingQuestions(meeting: Pick<Meeting, 'id' | 'status' | 'start'>, now: Date, agenda: AgendaItem[] = []) {
  if (!qd.isAfterMeeting(meeting, now)) return undefined;
  const { questions, contacts } = await questionStore.meetingQuestions(meeting.id);
  const names = new Map([...contacts].map(([id, c]) => [id, c.name]));
  const titles = new Map(agenda.map((a) => [a.id, a.title]));
  return qd.publicQuestions(questions, names).map((g) => ({ ...g, agendaItem: g.agendaItemId ? titles.get(g.agendaItemId) : undefined }));
}

/**
 * The public meeting page's questions section: before the deadline, a link to the form; after the
 * meeting, the accepted questions and answers (publicMeetingQuestions). `agendaItems` name the items.
 */
export async function publicQuestionSection(meeting: Meeting, now: Date, agendaItems: AgendaItem[] = []) {
  const { window } = windowOf(meeting, now);
  const after = qd.isAfterMeeting(meeting, now);
  return {
    open: window.open,
    closesOn: withDeadlines(meeting).deadlines.questionDeadline,
    formPath: formPath(meeting.id),
    after,
    groups: after ? ((await publicMeetingQuestions(meeting, now, agendaItems)) ?? []) : [],
  };
}

// ---- the purge job ----

/** Remove every contact whose retention has ended by `now` (one Query on the expiry index, then deletes). */
export async function purgePersonalData(now: Date) {
  const due = await questionStore.contactsExpiringBefore(now.toISOString());
  const deleted = await questionStore.deleteContacts(due);
  return { deleted, before: now.toISOString() };
}
