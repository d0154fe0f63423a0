/**
 * Public questions: the form, the submission (idempotent, rate limited, acknowledged once), the
 * submitter's deletion link, the office's review and answers with their emails, the staff CSV, what
 * the public meeting page shows after the meeting, and the purge of personal data.
 */
import { config } from '../config.js';
import { NotFoundError, notFound } from '../domain/errors.js';
import * as qd from '../domain/questions.js';
import { secretMatches } from '../domain/requests.js';
import type { AgendaItem, Meeting } from '../schemas/entities.js';
import type { AnswerQuestionInput, Contact, Question, QuestionForm, ReviewQuestionInput } from '../schemas/questions.js';
import { meetingStore } from '../store/store.js';
import { questionStore, type Submission } from '../store/questions.js';
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

async function meetingWithQuestions(meetingId: string) {
  const [bundle, found] = await Promise.all([meetingStore.bundle(meetingId), questionStore.meetingQuestions(meetingId)]);
  if (!bundle) throw notFound.meeting(meetingId);
  return {
    meeting: withDeadlines(bundle.meeting),
    agenda: meetings.orderedAgenda(bundle.meeting, bundle.agendaItems) as AgendaItem[],
    questions: found.questions.sort((a, b) => a.number - b.number),
    contacts: found.contacts,
    emails: found.emails,
  };
}

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

export async function listQuestions(meetingId: string) {
  const { meeting, agenda, questions, contacts, emails } = await meetingWithQuestions(meetingId);
  return { meeting, agenda, questions: questions.map((q) => staffQuestion(q, contacts.get(q.id), emails)) };
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
export async function reviewQuestion(meetingId: string, questionId: string, input: ReviewQuestionInput, by: string, now: Date) {
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
  const question = result.question;
  const contact = first.contacts.get(q.id);
  const lead = qd.isMember(question) ? (result.changed.find((c) => c.question.id === question.groupId)?.question ?? questions.find((x) => x.id === question.groupId)) : undefined;
  const item = agenda.find((a) => a.id === (lead ?? question).agendaItemId);
  const record = result.notify
    ? questionEmail(question, contact, 'question-review', roundOf(question.review!.at, question.version), now, (c) => ({
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

export async function questionsCsv(meetingId: string) {
  const { meeting, agenda, questions, contacts } = await meetingWithQuestions(meetingId);
  const rows = [qd.csvHeader, ...qd.csvRows(questions, contacts, agenda)];
  const day = meeting.startLocal.slice(0, 10);
  return { filename: `questions-${questionSettings().referencePrefix}-${day}.csv`, body: qd.toCsv(rows) };
}

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
