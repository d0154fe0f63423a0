/**
 * Public questions: the question window, references, the review outcomes, grouping, answers, the
 * retention of personal data, and the staff CSV. Pure functions: clock, settings and everything read
 * are passed in.
 */
import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import type { AgendaItem, Meeting } from '../schemas/entities.js';
import {
  districtLabel,
  type AnswerMode,
  type AnswerQuestionInput,
  type Contact,
  type Question,
  type QuestionForm,
  type RejectReason,
  type ReviewQuestionInput,
} from '../schemas/questions.js';
import { ConflictError, invalid, NotFoundError, notFound } from './errors.js';
import { newLinkSecret } from './requests.js';
import { addMonths, endOfLondonDay, formatLondonDate, formatLondonDateTime, londonDate } from './time.js';

// ---- the question window ----

export type QuestionWindow =
  | { open: true; closesAt: string }
  | { open: false; why: 'cancelled' | 'held' | 'closed'; closedAt?: string };

/**
 * Questions are taken until the end of the question deadline (a London date), and never once the
 * meeting has started, been held or been cancelled.
 */
export function questionWindow(meeting: Pick<Meeting, 'status' | 'start'>, questionDeadline: string, now: Date): QuestionWindow {
  if (meeting.status === 'cancelled') return { open: false, why: 'cancelled' };
  if (meeting.status === 'held') return { open: false, why: 'held' };
  const deadlineEnd = endOfLondonDay(questionDeadline);
  const closesAt = deadlineEnd < meeting.start ? deadlineEnd : meeting.start;
  const at = now.toISOString();
  return at <= closesAt ? { open: true, closesAt } : { open: false, why: 'closed', closedAt: closesAt };
}

/** After the meeting its accepted questions and answers are published: held, or its start has passed. */
export function isAfterMeeting(meeting: Pick<Meeting, 'status' | 'start'>, now: Date): boolean {
  if (meeting.status === 'cancelled') return false;
  return meeting.status === 'held' || now.toISOString() >= meeting.start;
}

// ---- a new question ----

/** e.g. COM-20211207-007: the prefix, the meeting's London date and the question's number. */
export function referenceOf(prefix: string, meetingStart: string, number: number): string {
  return `${prefix}-${londonDate(meetingStart).replace(/-/g, '')}-${String(number).padStart(3, '0')}`;
}

/** When the submitter's name and email are removed: a number of months after the meeting. */
export function contactExpiry(meetingStart: string, months: number): { expiresOn: string; expiresAt: number } {
  const at = addMonths(meetingStart, months);
  return { expiresOn: at.toISOString(), expiresAt: Math.floor(at.getTime() / 1000) };
}

export interface NewQuestionArgs {
  meeting: Pick<Meeting, 'id' | 'start'>;
  form: QuestionForm;
  number: number;
  referencePrefix: string;
  retentionMonths: number;
  now: Date;
}

/** The question, the separate contact item and the secret of the deletion link (only its hash is stored). */
export function newQuestion(args: NewQuestionArgs): { question: Question; contact: Contact; secret: string } {
  const { meeting, form, now } = args;
  const id = ulid(now.getTime());
  const { secret, hash } = newLinkSecret();
  const at = now.toISOString();
  return {
    secret,
    question: {
      id,
      meetingId: meeting.id,
      reference: referenceOf(args.referencePrefix, meeting.start, args.number),
      number: args.number,
      text: form.question,
      district: form.district,
      publishName: form.publishName,
      status: 'submitted',
      forgetHash: hash,
      submittedAt: at,
      version: 1,
      updatedAt: at,
    },
    contact: {
      questionId: id,
      meetingId: meeting.id,
      name: form.name,
      email: form.email,
      ...contactExpiry(meeting.start, args.retentionMonths),
    },
  };
}

/**
 * What makes two posts "the same submission": the form's idempotency key and everything posted.
 * A refresh or a double click posts both again (one question); going back, editing and sending
 * again posts the same key with other text (a second question, as the person meant).
 */
export function submissionHash(idempotencyKey: string, form: QuestionForm): string {
  const canonical = JSON.stringify([idempotencyKey, form.name, form.email, form.district, form.question, form.publishName]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** A valid idempotency key as the form carries it (made when the form is shown). */
export const isIdempotencyKey = (key: string) => /^[A-Za-z0-9_-]{16,64}$/.test(key);

// ---- the per-address rate limit ----

/** The fixed window a submission falls in: the UTC clock hour, and when it ends. */
export function rateWindow(now: Date): { window: string; endsAt: string } {
  const start = now.toISOString().slice(0, 13);
  return { window: start, endsAt: new Date(Date.parse(`${start}:00:00Z`) + 3_600_000).toISOString() };
}

/**
 * What one "address" is for the limit: an IPv4 address, or an IPv6 /64 (one household or site
 * usually has a whole /64, so counting single IPv6 addresses would be no limit at all).
 */
export function addressScope(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!ip.includes(':')) return ip;
  const [head = '', tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = ip.includes('::') && tail ? tail.split(':') : [];
  const groups = [...h, ...Array(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t];
  return `${groups.slice(0, 4).map((g) => g.toLowerCase().replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** The address is kept only as a hash (it is personal data too). */
export const addressKey = (sourceIp: string) => createHash('sha256').update(`questions:${sourceIp}`).digest('hex').slice(0, 32);
/** An email address as the acknowledgement limit counts it: hashed, never stored as typed. */
export const recipientKey = (email: string) => createHash('sha256').update(`acknowledgements:${email.trim().toLowerCase()}`).digest('hex').slice(0, 32);

// ---- review ----

export const rejectReasonText: Record<RejectReason, string> = {
  'not-a-question': 'It is not a question.',
  'named-individual': 'It is about a named individual. The meeting cannot discuss individual people or cases.',
  offensive: 'It is offensive or defamatory.',
  repeat: 'It repeats a question that was answered recently.',
  'not-in-remit': 'It is not within the commissioner’s remit.',
  other: 'Another reason (see below).',
};

/** The short label staff choose from. */
export const rejectReasonLabel: Record<RejectReason, string> = {
  'not-a-question': 'Not a question',
  'named-individual': 'About a named individual',
  offensive: 'Offensive or defamatory',
  repeat: 'Repeats a recently answered question',
  'not-in-remit': 'Not within the commissioner’s remit',
  other: 'Other (give the reason)',
};

export const isLead = (q: Question) => q.groupId === q.id;
export const isMember = (q: Question) => q.groupId !== undefined && q.groupId !== q.id;
export const membersOf = (lead: Question, all: Question[]) => all.filter((q) => q.groupId === lead.id && q.id !== lead.id);

export function assertVersion(q: Question, version: number) {
  if (q.version !== version) {
    throw new ConflictError(`Question ${q.reference} was changed by someone else (it is at version ${q.version}, not ${version}). Reload and try again.`);
  }
}

export interface ReviewContext {
  agenda: AgendaItem[];
  /**
   * The questions a review may touch, and no others need be read: the one reviewed, its lead, the
   * question it is to be grouped with and that one's lead. A lead lists its members (`memberIds`).
   */
  questions: Question[];
  by: string;
  now: Date;
}

export interface ReviewResult {
  /** The changed questions: the one reviewed, the lead it joins, the lead it leaves. */
  changed: { question: Question; previousVersion: number }[];
  /** Questions that decided the review without changing: they must be unchanged when it is saved. */
  checked: Question[];
  question: Question;
  /** Whether the submitter is told: only when the outcome (or the reason, or the group) changes. */
  notify: boolean;
}

export function publicQuestionsItem(agenda: AgendaItem[]): AgendaItem | undefined {
  return agenda.find((a) => a.standing === 'public-questions');
}

export function reviewQuestion(q: Question, input: ReviewQuestionInput, ctx: ReviewContext): ReviewResult {
  assertVersion(q, input.version);
  const byId = new Map(ctx.questions.map((x) => [x.id, x]));
  const lead = isMember(q) ? byId.get(q.groupId!) : undefined;
  if (q.answer || lead?.answer) throw new ConflictError(`Question ${q.reference} has been answered: its review can no longer change.`);
  const members = isLead(q) ? (q.memberIds ?? []) : [];
  if (members.length && input.outcome !== 'accept') {
    throw new ConflictError(
      `${members.length === 1 ? 'A question is' : `${members.length} questions are`} grouped with ${q.reference}. ` +
        'Group them with another question, or review them on their own, first.',
    );
  }
  const at = ctx.now.toISOString();
  const { groupId: _g, agendaItemId: _a, memberIds: _m, ...rest } = q;
  const base = { ...rest, version: q.version + 1, updatedAt: at };
  const review = { outcome: input.outcome, at, by: ctx.by };
  let next: Question;
  const changed: ReviewResult['changed'] = [];
  const checked: Question[] = [];
  const bump = (x: Question, change: Partial<Question>) => changed.push({ question: { ...x, ...change, version: x.version + 1, updatedAt: at }, previousVersion: x.version });

  switch (input.outcome) {
    case 'accept': {
      const item = input.agendaItemId ? ctx.agenda.find((a) => a.id === input.agendaItemId) : publicQuestionsItem(ctx.agenda);
      if (!item) throw invalid('agendaItemId', input.agendaItemId ? 'Choose an item on this meeting’s agenda' : 'This meeting has no public questions item: choose an agenda item');
      // A lead stays a lead (its group keeps its id); a member accepted on its own leaves its group.
      next = { ...base, status: 'accepted', review, agendaItemId: item.id, ...(isLead(q) ? { groupId: q.id, memberIds: members } : {}) };
      break;
    }
    case 'group': {
      // The use-case has turned a typed reference into the id (shared/app/questions.ts).
      const target = byId.get(input.leadId ?? '');
      if (!target) throw notFound.question(input.leadId ?? input.leadReference ?? '');
      if (target.id === q.id) throw invalid('leadId', 'Choose another question to group it with');
      if (target.status !== 'accepted') throw invalid('leadId', `Accept ${target.reference} first: questions are grouped with an accepted question`);
      if (target.answer) throw new ConflictError(`${target.reference} has been answered already: accept this question on its own, or reject it as a repeat.`);
      const head = isMember(target) ? byId.get(target.groupId!) : target;
      if (!head) throw new NotFoundError(`The group of ${target.reference} no longer exists`, 'question');
      if (head.id === q.id) throw invalid('leadId', 'Choose another question to group it with');
      next = { ...base, status: 'accepted', review, groupId: head.id };
      // The lead lists its members: joining a group changes the lead (so a lead cannot be rejected
      // while a question joins it); staying in the same group only needs the lead unchanged.
      if (q.groupId === head.id) checked.push(head);
      else bump(head, { groupId: head.id, memberIds: [...(head.memberIds ?? []), q.id] });
      break;
    }
    case 'redirect':
      next = { ...base, status: 'redirected', review: { ...review, note: input.note } };
      break;
    case 'reject':
      next = { ...base, status: 'rejected', review: { ...review, reason: input.reason, ...(input.note ? { note: input.note } : {}) } };
      break;
  }
  // A member that leaves its group (any outcome but staying in it) comes off its lead's list.
  if (lead && next.groupId !== lead.id) bump(lead, { memberIds: (lead.memberIds ?? []).filter((id) => id !== q.id) });
  changed.unshift({ question: next, previousVersion: q.version });
  const before = q.review;
  const notify =
    !before ||
    before.outcome !== next.review!.outcome ||
    before.reason !== next.review!.reason ||
    (next.review!.outcome === 'group' && q.groupId !== next.groupId);
  return { changed, checked, question: next, notify };
}

// ---- answers ----

/** "1:02:30" → 3750 seconds; "62:30" → 3750; "45" → 45. */
export function parseTimestamp(s: string): number {
  const parts = s.trim().split(':').map(Number);
  return parts.reduce((total, p) => total * 60 + p, 0);
}

/** 3750 → "1:02:30"; 45 → "0:45". */
export function formatTimestamp(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

export interface AnswerResult {
  lead: Question;
  /** The lead and its members: everyone the answer is for. */
  group: Question[];
}

/** The answer is stored once, on the lead (or the question standing alone). */
export function answerQuestion(
  q: Question,
  input: AnswerQuestionInput,
  /** `questions`: the lead's members (or, for a member, its lead); no others need be read. */
  ctx: { meeting: Pick<Meeting, 'start' | 'status'>; questions: Question[]; by: string; now: Date },
): AnswerResult {
  assertVersion(q, input.version);
  if (q.status !== 'accepted') throw new ConflictError(`Question ${q.reference} is ${q.status}: only accepted questions are answered.`);
  if (isMember(q)) {
    const lead = ctx.questions.find((x) => x.id === q.groupId);
    throw new ConflictError(`Question ${q.reference} is grouped with ${lead?.reference ?? 'another question'}: record the answer there, once for the group.`);
  }
  if (input.mode === 'meeting' && !isAfterMeeting(ctx.meeting, ctx.now)) {
    throw invalid('mode', 'The meeting has not started yet: an answer given at the meeting is recorded once it has started. Record a written answer instead.');
  }
  if (input.livestreamAt && input.mode !== 'meeting') throw invalid('livestreamAt', 'A livestream time is only for an answer given at the meeting');
  const at = ctx.now.toISOString();
  const lead: Question = {
    ...q,
    answer: {
      mode: input.mode,
      text: input.text,
      ...(input.livestreamAt ? { livestreamAt: parseTimestamp(input.livestreamAt) } : {}),
      at,
      by: ctx.by,
    },
    version: q.version + 1,
    updatedAt: at,
  };
  const byId = new Map(ctx.questions.map((x) => [x.id, x]));
  return { lead, group: [lead, ...(q.memberIds ?? []).flatMap((id) => byId.get(id) ?? [])] };
}

// ---- what the public sees after the meeting ----

export interface PublicQuestion {
  text: string;
  district: string;
  /** Only where the submitter consented, and only while their name is kept. */
  name?: string;
}

export interface PublicAnswerGroup {
  agendaItemId?: string;
  questions: PublicQuestion[];
  answer?: { mode: AnswerMode; text: string; livestreamAt?: string };
}

/**
 * Accepted questions as groups (a lead with its members, or one question), each with its one
 * answer; the name only with consent; never an email address (the contact's email is not read).
 */
export function publicQuestions(questions: Question[], names: Map<string, string>): PublicAnswerGroup[] {
  const accepted = questions.filter((q) => q.status === 'accepted').sort((a, b) => a.number - b.number);
  const shown = (q: Question): PublicQuestion => {
    const name = q.publishName ? names.get(q.id) : undefined;
    return { text: q.text, district: districtLabel(q.district), ...(name ? { name } : {}) };
  };
  return accepted
    .filter((q) => !isMember(q))
    .map((lead) => ({
      agendaItemId: lead.agendaItemId,
      questions: [lead, ...membersOf(lead, accepted).sort((a, b) => a.number - b.number)].map(shown),
      ...(lead.answer
        ? {
            answer: {
              mode: lead.answer.mode,
              text: lead.answer.text,
              ...(lead.answer.livestreamAt !== undefined ? { livestreamAt: formatTimestamp(lead.answer.livestreamAt) } : {}),
            },
          }
        : {}),
    }));
}

// ---- the staff CSV ----

/**
 * One CSV cell: always quoted, quotes doubled; a cell a spreadsheet would read as a formula
 * (starting with = + - @, a tab or a carriage return) gets a leading apostrophe (OWASP's advice).
 */
export function csvCell(value: unknown): string {
  let s = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

/** Rows to CSV text: CRLF line ends (RFC 4180), a BOM so spreadsheets read it as UTF-8. */
export function toCsv(rows: unknown[][]): string {
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export const csvHeader = [
  'Reference',
  'Submitted (London time)',
  'Name',
  'Email',
  'District',
  'Publish name',
  'Question',
  'Status',
  'Outcome',
  'Reason or note',
  'Grouped with',
  'Agenda item',
  'Answered',
  'Answer',
  'Livestream time',
  'Personal data',
];

export function csvRows(questions: Question[], contacts: Map<string, Contact>, agenda: AgendaItem[], leads: readonly Question[] = []): unknown[][] {
  // `leads`: the leads of grouped questions that are not in `questions` (another part of the export).
  const byId = new Map([...leads, ...questions].map((q) => [q.id, q]));
  const itemTitle = new Map(agenda.map((a) => [a.id, a.title]));
  const sorted = [...questions].sort((a, b) => a.number - b.number);
  return sorted.map((q) => {
    const contact = contacts.get(q.id);
    const lead = isMember(q) ? byId.get(q.groupId!) : q;
    const answer = lead?.answer;
    const reason = q.review?.reason ? `${rejectReasonLabel[q.review.reason]}${q.review.note ? `: ${q.review.note}` : ''}` : (q.review?.note ?? '');
    return [
      q.reference,
      formatLondonDateTime(q.submittedAt),
      contact?.name ?? '',
      contact?.email ?? '',
      districtLabel(q.district),
      q.publishName ? 'yes' : 'no',
      q.text,
      q.status,
      q.review?.outcome ?? '',
      reason,
      isMember(q) ? (lead?.reference ?? '') : '',
      q.status === 'accepted' ? (itemTitle.get(lead?.agendaItemId ?? '') ?? '') : '',
      answer ? `${answer.mode === 'meeting' ? 'At the meeting' : 'In writing'}, ${formatLondonDate(answer.at)}` : '',
      answer?.text ?? '',
      answer?.livestreamAt !== undefined ? formatTimestamp(answer.livestreamAt) : '',
      contact ? `kept until ${formatLondonDate(contact.expiresOn)}` : 'removed',
    ];
  });
}
