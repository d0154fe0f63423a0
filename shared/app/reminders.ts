/**
 * The reminder sweep: for each meeting in the next weeks (gsi1, by start time), work out which
 * reminders are due now (shared/domain/reminders.ts) and queue each in the outbox exactly once (the
 * outbox's sender sends it at the rate SES allows and records the outcome). Cost grows with the meetings ahead and their
 * reminders, never with the size of the table. Also the staff view of a meeting's reminders.
 */
import { config } from '../config.js';
import * as planning from './planning.js';
import { withCurrentAddresses } from './people.js';
import { notFound } from '../domain/errors.js';
import {
  defaultReminderSettings,
  describeReminder,
  dueReminders,
  reminderKey,
  reminderKindLabels,
  scheduledKinds,
  scheduledReminders,
  type DueReminder,
  type ReminderKind,
  type ReminderSettings,
} from '../domain/reminders.js';
import { addReminderLink, submissionLink, track } from '../domain/requests.js';
import type { Meeting, ReportRequest } from '../schemas/entities.js';
import type { OutboxMessage } from '../schemas/emails.js';
import { queued } from './emails.js';
import { actionStore, meetingStore, requestStore } from '../store/store.js';
import { questionStore } from '../store/questions.js';
import { reminderStore, type ReminderEntry, type ReminderLog, type ReminderSwitches } from '../store/reminders.js';
import { byCodePoint } from '../domain/order.js';

const DAY_MS = 86_400_000;

export function reminderSettings(): ReminderSettings {
  const c = config();
  return {
    ...defaultReminderSettings,
    paperFirstDaysBefore: c.REMINDER_PAPER_FIRST_DAYS_BEFORE,
    paperSecondWorkingDaysBefore: c.REMINDER_PAPER_SECOND_WORKING_DAYS_BEFORE,
    digestWorkingDaysBefore: c.REMINDER_DIGEST_WORKING_DAYS_BEFORE,
    questionDaysBefore: c.REMINDER_QUESTION_DAYS_BEFORE,
    sendFrom: c.REMINDER_SEND_FROM,
  };
}

const engagementManager = () => ({ name: 'Engagement manager', email: config().ENGAGEMENT_MANAGER_EMAIL });

interface MeetingContext {
  meeting: Meeting & { deadlines: ReturnType<typeof planning.withDeadlines>['deadlines'] };
  requests: ReportRequest[];
  scheduled: DueReminder[];
  log: Map<string, ReminderEntry>;
  switches: ReminderSwitches;
  waitingQuestions: number;
  references: Map<string, string>;
}

/** A meeting with everything its reminders depend on: three Queries (requests, questions, reminders). */
async function meetingContext(meetingId: string): Promise<MeetingContext | undefined> {
  const [found, questions, reminders] = await Promise.all([
    meetingStore.withRequests(meetingId),
    questionStore.meetingQuestions(meetingId),
    reminderStore.meetingReminders(meetingId),
  ]);
  if (!found) return undefined;
  // Reminders go to each sponsor's and author's current address (a person's email may have changed since the request).
  found.requests = await withCurrentAddresses(found.requests);
  const meeting = planning.withDeadlines(found.meeting);
  const acceptedQuestions = questions.questions
    .filter((q) => q.status === 'accepted')
    .map((q) => {
      const contact = questions.contacts.get(q.id);
      return { id: q.id, reference: q.reference, ...(contact ? { contact: { name: contact.name, email: contact.email } } : {}) };
    });
  return {
    meeting,
    requests: found.requests,
    scheduled: scheduledReminders({ meeting, requests: found.requests, acceptedQuestions, engagementManager: engagementManager(), settings: reminderSettings() }),
    log: new Map(reminders.log.map((l) => [l.key, l])),
    switches: reminders.switches,
    waitingQuestions: questions.questions.filter((q) => q.status === 'submitted').length,
    references: new Map(questions.questions.map((q) => [q.id, q.reference])),
  };
}

const isOff = (r: DueReminder, s: ReminderSwitches) => s.kinds.has(r.kind) || s.recipients.has(r.to.email.toLowerCase());

export interface SweepResult {
  meetings: number;
  due: number;
  /** Written to the outbox now (the sender sends them). */
  queued: number;
  /** Already queued (by an earlier sweep, or another sweep racing this one), or switched off. */
  skipped: number;
}

/**
 * Queue every reminder due at `now` in the outbox, each exactly once: its log item (created only if
 * absent) and its outbox email are one transaction, with the author's new link when it carries one.
 * Nothing is sent here (the outbox's sender does that), so a sweep of a thousand reminders is a
 * thousand small writes, and a sweep that dies part-way leaves nothing half-done: the next one
 * queues what is left.
 */
export async function sweep(now: Date, baseUrl: string): Promise<SweepResult> {
  const c = config();
  const result: SweepResult = { meetings: 0, due: 0, queued: 0, skipped: 0 };
  const meetings = await meetingStore.list(now.toISOString(), new Date(now.getTime() + c.REMINDER_HORIZON_DAYS * DAY_MS).toISOString());
  for (const m of meetings.filter((x) => x.status === 'planned' || x.status === 'agenda-published')) {
    const ctx = await meetingContext(m.id);
    if (!ctx) continue;
    result.meetings++;
    for (const r of dueReminders(ctx.scheduled, now)) {
      result.due++;
      if (isOff(r, ctx.switches) || ctx.log.has(reminderKey(r))) {
        result.skipped++;
        continue;
      }
      const { email, link } = await compose(r, ctx, now, baseUrl);
      const log = reminderLog(r, reminderKey(r), now);
      const record = queued({ subjectId: log.key, meetingId: r.meetingId, purpose: 'reminder', round: 'once', message: email, now });
      const written = await reminderStore.queue(log, record, link?.change);
      if (!written) {
        result.skipped++;
        continue;
      }
      result.queued++;
    }
  }
  return result;
}

/** The log item of a reminder queued now. */
export function reminderLog(r: DueReminder, key: string, now: Date): ReminderLog {
  return { meetingId: r.meetingId, key, kind: r.kind, subjectId: r.subjectId, to: r.to, cc: r.cc, status: 'queued', attempts: 0, updatedAt: now.toISOString() };
}

/**
 * A working link for the author's reminder: minted now on the request as stored (not the copy with the
 * people's current addresses); its hash is added to the request in the reminder's own transaction.
 */
export async function reminderLink(meetingId: string, requestId: string, now: Date, baseUrl: string) {
  const request = await requestStore.get(meetingId, requestId);
  if (!request) throw notFound.request(requestId);
  const { request: next, secret } = addReminderLink(request, now);
  return { url: submissionLink(baseUrl, request.id, secret), change: { next, readVersion: request.version } };
}

/** The reminder's email, and the author's new link when it carries one. */
async function compose(r: DueReminder, ctx: MeetingContext, now: Date, baseUrl: string): Promise<{ email: OutboxMessage; link?: Awaited<ReturnType<typeof reminderLink>> }> {
  const meeting = ctx.meeting;
  const to = [r.to];
  const cc = r.cc.filter((p) => !ctx.switches.recipients.has(p.email.toLowerCase()));
  const staffUrl = `${baseUrl}/staff/meetings/${meeting.id}`;
  switch (r.kind) {
    case 'paper-due-week':
    case 'paper-due-day':
    case 'paper-overdue':
    case 'paper-now': {
      const request = ctx.requests.find((x) => x.id === r.subjectId)!;
      const isEm = r.to.email.toLowerCase() === engagementManager().email.toLowerCase();
      const link = isEm ? undefined : await reminderLink(meeting.id, request.id, now, baseUrl);
      const template = r.kind === 'paper-overdue' ? 'reminder-paper-overdue' : 'reminder-paper-due';
      return { email: { to, cc, template, data: { meeting, request, link: link?.url ?? `${staffUrl}/requests/${request.id}`, isEm, soon: r.kind === 'paper-due-day' } }, link };
    }
    case 'digest-10-days':
    case 'digest-3-days':
    case 'digest-publication': {
      const rows = ctx.requests.map((x) => track(x, now));
      const papers = {
        in: rows.filter((x) => x.timeliness === 'on time'),
        late: rows.filter((x) => x.timeliness === 'late'),
        missing: rows.filter((x) => x.timeliness === 'due' || x.timeliness === 'overdue'),
      };
      const openActions = await actionStore.listOpen(meeting.start);
      return { email: { to, cc, template: 'reminder-digest', data: { meeting, kind: r.kind, papers, waitingQuestions: ctx.waitingQuestions, openActions, staffUrl } } };
    }
    case 'question-meeting':
      return { email: { to, cc, template: 'reminder-question', data: { meeting, name: r.to.name, reference: ctx.references.get(r.subjectId) } } };
    case 'pack-published':
      return { email: { to, cc, template: 'reminder-pack-published', data: { meeting, name: r.to.name, publicUrl: `${baseUrl}/meetings/${meeting.id}` } } };
  }
}

// ---- staff view ----

export async function meetingReminders(meetingId: string, now: Date) {
  const ctx = await meetingContext(meetingId);
  if (!ctx) throw notFound.meeting(meetingId);
  const t = now.toISOString();
  const subjects = { requests: ctx.requests, references: ctx.references, engagementManager: engagementManager() };
  const log = [...ctx.log.values()]
    .sort((a, b) => byCodePoint(b.updatedAt, a.updatedAt))
    .map((l) => ({ ...l, label: reminderKindLabels[l.kind], description: describeReminder(l, subjects) }));
  const upcoming = ctx.scheduled
    .filter((r) => r.staleAt > t && !ctx.log.has(reminderKey(r)))
    .map((r) => ({ ...r, key: reminderKey(r), label: reminderKindLabels[r.kind], description: describeReminder(r, subjects), off: isOff(r, ctx.switches) }))
    .sort((a, b) => byCodePoint(a.dueAt, b.dueAt));
  const byEmail = new Map(ctx.scheduled.flatMap((r) => [r.to, ...r.cc]).map((p) => [p.email.toLowerCase(), p]));
  // Someone switched off who has no reminder now (a withdrawn request) is still listed, so the switch can be undone.
  for (const email of ctx.switches.recipients) if (!byEmail.has(email)) byEmail.set(email, { name: email, email });
  const recipients = [...byEmail.values()];
  return {
    meeting: ctx.meeting,
    log,
    upcoming,
    kinds: scheduledKinds.map((kind) => ({ kind, label: reminderKindLabels[kind], off: ctx.switches.kinds.has(kind) })),
    recipients: recipients.map((p) => ({ ...p, off: ctx.switches.recipients.has(p.email.toLowerCase()) })),
  };
}

/**
 * Saves every switch of the page's form at once. Only those that differ from what is stored are
 * written, each on the condition that it is still as read, so posting the same form twice (a double
 * click, a refresh) writes nothing the second time, and a concurrent change is a 409, nothing saved.
 */
export async function setReminderSwitches(meetingId: string, input: { switches: { kind?: ReminderKind; recipient?: string; off: boolean }[] }, by: string, now: Date) {
  const [meeting, current] = await Promise.all([meetingStore.get(meetingId), reminderStore.meetingReminders(meetingId)]);
  if (!meeting) throw notFound.meeting(meetingId);
  const wanted = new Map<string, { what: 'kind' | 'to'; value: string; off: boolean }>();
  for (const s of input.switches) {
    const change = s.kind ? { what: 'kind' as const, value: s.kind, off: s.off } : { what: 'to' as const, value: s.recipient!.toLowerCase(), off: s.off };
    wanted.set(`${change.what}#${change.value}`, change);
  }
  const changes = [...wanted.values()].filter((c) => (c.what === 'kind' ? current.switches.kinds : current.switches.recipients).has(c.value) !== c.off);
  if (changes.length) await reminderStore.setSwitches(meetingId, changes, by, now);
  return { changed: changes.length };
}

export async function switchReminders(meetingId: string, change: { kind?: ReminderKind; recipient?: string; off: boolean }, by: string, now: Date) {
  if (!(await meetingStore.get(meetingId))) throw notFound.meeting(meetingId);
  if (change.kind) await reminderStore.setSwitch(meetingId, 'kind', change.kind, change.off, by, now);
  if (change.recipient) await reminderStore.setSwitch(meetingId, 'to', change.recipient, change.off, by, now);
  return meetingReminders(meetingId, now);
}
