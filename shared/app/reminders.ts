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
  nextWake,
  questionReminderDue,
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
import { remindable, reminderStore, type DueEntry, type ReminderEntry, type ReminderLog, type ReminderSwitches } from '../store/reminders.js';
import { DUE_NOW } from '../store/store.js';
import { keys, type Key } from '../store/keys.js';
import { logger } from '../observability.js';
import type { ReportRequest as StoredRequest } from '../schemas/entities.js';
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
  /** Meetings looked at (something of theirs was in the sweep's index at or before now). */
  meetings: number;
  due: number;
  /** Written to the outbox now (the sender sends them). */
  queued: number;
  /** Already queued (by an earlier sweep, or another sweep racing this one), or switched off. */
  skipped: number;
  /** Stopped before its time ran out: due reminders it did not get to, and meetings it did not open (the next run does them). */
  stopped: boolean;
  left: number;
  meetingsLeft: number;
}

export interface SweepOptions {
  /** The Lambda context's `getRemainingTimeInMillis`: the sweep takes no new work once less than `stopBeforeMs` is left. */
  timeLeft?: () => number;
  stopBeforeMs?: number;
}

/** Meetings looked at at once, and reminders queued at once within one meeting (DynamoDB calls in flight: at most their product). */
export const SWEEP_MEETINGS_AT_ONCE = 4;
export const SWEEP_REMINDERS_AT_ONCE = 8;
/** The sweep takes no new work this long before its function's timeout: the last transaction (5 s SDK timeout, retries) has room. */
export const SWEEP_STOP_BEFORE_MS = 30_000;

/** Runs `work` on each item, at most `limit` at a time. */
async function inPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Queue every reminder due at `now` in the outbox, each exactly once: its log item (created only if
 * absent) and its outbox email are one transaction, with the author's new link when it carries one.
 * Nothing is sent here (the outbox's sender does that).
 *
 * It reads only what can be due (issue 15 §8): one Query of the sweep's sparse index (things written
 * since the last sweep, and things whose next reminder's time has come); when nothing is due that is
 * all. For each meeting found (several at once) it reads the meeting, its requests, its reminder log
 * keys and switches, and its questions only when a question's note or a digest can be due; queues
 * what is due; then moves each thing in the index to its next reminder (or out of it).
 *
 * Given the time left (the Lambda context), it takes no new work once less than `stopBeforeMs` is
 * left, and says what it left: every reminder is one transaction, so nothing is half-done, and what
 * it did not reach is still in the index at or before now, so the next run does it.
 */
export async function sweep(now: Date, baseUrl: string, options: SweepOptions = {}): Promise<SweepResult> {
  const c = config();
  const result: SweepResult = { meetings: 0, due: 0, queued: 0, skipped: 0, stopped: false, left: 0, meetingsLeft: 0 };
  const stopBefore = options.stopBeforeMs ?? SWEEP_STOP_BEFORE_MS;
  const stopping = () => {
    if (!result.stopped && options.timeLeft && options.timeLeft() < stopBefore) result.stopped = true;
    return result.stopped;
  };
  const { entries, filled } = await reminderStore.dueEntries(now);
  const byMeeting = new Map<string, DueEntry[]>();
  for (const e of entries) {
    const found = byMeeting.get(e.meetingId);
    if (found) found.push(e);
    else byMeeting.set(e.meetingId, [e]);
  }
  if (!filled) {
    // A first run on data written before the index: every meeting ahead is looked at, in full, once.
    const ahead = await meetingStore.list(now.toISOString(), new Date(now.getTime() + c.REMINDER_HORIZON_DAYS * DAY_MS).toISOString());
    for (const m of ahead) if (!byMeeting.has(m.id)) byMeeting.set(m.id, []);
  }
  await inPool([...byMeeting], SWEEP_MEETINGS_AT_ONCE, async ([meetingId, woken]) => {
    if (stopping()) {
      result.meetingsLeft++;
      return;
    }
    await sweepMeeting(meetingId, woken, !filled, now, baseUrl, result, stopping);
  });
  if (!filled && !result.stopped) await reminderStore.markFilled(now);
  if (result.stopped) {
    logger.warn('Reminder sweep stopped before its time ran out; the next run does the rest', { at: now.toISOString(), left: result.left, meetingsLeft: result.meetingsLeft, queued: result.queued });
  }
  return result;
}

/** One meeting: read what its reminders depend on, queue what is due, move its things in the index. */
async function sweepMeeting(meetingId: string, woken: DueEntry[], full: boolean, now: Date, baseUrl: string, result: SweepResult, stopping: () => boolean) {
  const settings = reminderSettings();
  const wokeQuestion = woken.some((e) => e.entity === 'question');
  // Questions are read with the rest when one of them woke the meeting, else only once it is known to need them.
  const [found, earlyQuestions] = await Promise.all([reminderStore.sweepMeeting(meetingId), full || wokeQuestion ? reminderStore.sweepQuestions(meetingId) : undefined]);
  if (!found) return;
  result.meetings++;
  const meeting = planning.withDeadlines(found.meeting.item);
  const t = now.toISOString();
  const questionDue = questionReminderDue(meeting, settings);
  // Reminders go to each sponsor's and author's current address (a person's email may have changed since the request).
  const requests = await withCurrentAddresses(found.requests.map((r) => r.item));
  const schedule = (accepted: Parameters<typeof scheduledReminders>[0]['acceptedQuestions']) =>
    scheduledReminders({ meeting, requests, acceptedQuestions: accepted, engagementManager: engagementManager(), settings });
  let scheduled = schedule([]);
  const digestDue = dueReminders(scheduled, now).some((r) => r.kind.startsWith('digest-') && !found.logged.has(reminderKey(r)));
  const meetingWoke = woken.some((e) => e.entity === 'meeting');
  const needQuestions = earlyQuestions !== undefined || digestDue || (meetingWoke && questionDue <= t && t < meeting.start);
  const questions = earlyQuestions ?? (needQuestions ? await reminderStore.sweepQuestions(meetingId) : undefined);
  if (questions) {
    const accepted = questions.questions
      .map((q) => q.item)
      .filter((q) => q.status === 'accepted')
      .map((q) => {
        const contact = questions.contacts.get(q.id);
        return { id: q.id, reference: q.reference, ...(contact ? { contact: { name: contact.name, email: contact.email } } : {}) };
      });
    scheduled = schedule(accepted);
  }
  const ctx: SweepContext = {
    meeting,
    requests,
    stored: new Map(found.requests.map((r) => [r.item.id, r.item])),
    switches: found.switches,
    waitingQuestions: questions?.questions.filter((q) => q.item.status === 'submitted').length ?? 0,
    references: new Map(questions?.questions.map((q) => [q.item.id, q.item.reference]) ?? []),
  };

  const ofSubject = new Map<string, DueReminder[]>();
  for (const r of scheduled) {
    const list = ofSubject.get(r.subjectId);
    if (list) list.push(r);
    else ofSubject.set(r.subjectId, [r]);
  }
  const paperRemindersOf = (requestId: string) => (ofSubject.get(requestId) ?? []).filter((x) => x.kind.startsWith('paper-'));

  // Queue what is due: reminders about different things at once; about one thing (one request's link) one after another.
  const done = new Set(found.logged);
  /** Where the sweep's own writes put requests in the index (by id). */
  const written = new Map<string, string | undefined>();
  let unsettled = false;
  const bySubject = new Map<string, DueReminder[]>();
  for (const r of dueReminders(scheduled, now)) {
    result.due++;
    if (isOff(r, ctx.switches) || done.has(reminderKey(r))) {
      result.skipped++;
      continue;
    }
    const group = bySubject.get(r.subjectId);
    if (group) group.push(r);
    else bySubject.set(r.subjectId, [r]);
  }
  await inPool([...bySubject.values()], SWEEP_REMINDERS_AT_ONCE, async (group) => {
    for (const [i, r] of group.entries()) {
      if (stopping()) {
        result.left += group.length - i;
        unsettled = true;
        return;
      }
      const { email, link } = await compose(r, ctx, now, baseUrl);
      const log = reminderLog(r, reminderKey(r), now);
      const record = queued({ subjectId: log.key, meetingId: r.meetingId, purpose: 'reminder', round: 'once', message: email, now });
      // The request carrying the new link goes straight to its next reminder in the index (no second write to move it).
      const change = link && { ...link.change, wake: nextWake(paperRemindersOf(r.subjectId), { has: (k) => k === log.key || done.has(k) }, now) };
      if (!(await reminderStore.queue(log, record, change))) {
        // Queued by a sweep racing this one, or the request changed meanwhile: the next run looks again.
        result.skipped++;
        unsettled = true;
        continue;
      }
      result.queued++;
      done.add(log.key);
      // The request now carries the new link: a new version, at its next reminder in the index.
      if (change) {
        ctx.stored.set(change.next.id, change.next);
        written.set(change.next.id, change.wake === undefined ? undefined : keys.remindersDue(change.wake, keys.request(change.next.meetingId, change.next.id)).gsi2sk);
      }
    }
  });
  // Something left for the next run (stopped, or a write that lost a race): its things stay where they are, at or before now.
  if (unsettled) return;

  // Move each thing in the index to its next reminder (or out): only those not already where they belong.
  const moves: { key: Key; version: number; at: string | undefined }[] = [];
  const place = (key: Key, version: number, current: string | undefined | null, at: string | undefined) => {
    if (current === null) return; // its gsi2 serves the archive's index (an answered question): not the sweep's
    const wanted = at === undefined ? undefined : keys.remindersDue(at, key).gsi2sk;
    if (wanted !== current) moves.push({ key, version, at });
  };
  const meetingKinds = new Set<ReminderKind>(['digest-10-days', 'digest-3-days', 'digest-publication', 'pack-published']);
  const m = found.meeting;
  // The meeting also wakes when the notes to askers fall due (an answered question is in the archive's index, not this one).
  place(m.key, m.version, m.wake, remindable.meeting(m.item) ? nextWake(scheduled.filter((r) => meetingKinds.has(r.kind)), done, now, [questionDue]) : undefined);
  for (const r of found.requests) {
    const stored = ctx.stored.get(r.item.id)!;
    const current = stored.version === r.version ? r.wake : written.has(r.item.id) ? written.get(r.item.id) : keys.remindersDue(DUE_NOW, r.key).gsi2sk;
    place(r.key, stored.version, current, remindable.request(stored) ? nextWake(paperRemindersOf(r.item.id), done, now) : undefined);
  }
  for (const q of questions?.questions ?? []) {
    place(q.key, q.version, q.wake, remindable.question(q.item) ? nextWake(ofSubject.get(q.item.id) ?? [], done, now) : undefined);
  }
  await inPool(moves, SWEEP_REMINDERS_AT_ONCE, async (mv) => {
    await reminderStore.setWake(mv.key, mv.version, mv.at);
  });
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
  return linkOn(request, now, baseUrl);
}

/** What the sweep composes a meeting's reminders from. */
interface SweepContext {
  meeting: MeetingContext['meeting'];
  /** The requests with their people's current addresses (what the emails say and whom they go to). */
  requests: ReportRequest[];
  /** The requests as stored (what a reminder's new link is added to), by id. */
  stored: Map<string, StoredRequest>;
  switches: ReminderSwitches;
  waitingQuestions: number;
  references: Map<string, string>;
}

/** A new link for the author's reminder, on the request as stored: its hash is added in the reminder's own transaction. */
function linkOn(request: StoredRequest, now: Date, baseUrl: string) {
  const { request: next, secret } = addReminderLink(request, now);
  return { url: submissionLink(baseUrl, request.id, secret), change: { next, readVersion: request.version } };
}

/** The reminder's email, and the author's new link when it carries one. */
async function compose(r: DueReminder, ctx: SweepContext, now: Date, baseUrl: string): Promise<{ email: OutboxMessage; link?: ReturnType<typeof linkOn> }> {
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
      const link = isEm ? undefined : linkOn(ctx.stored.get(request.id)!, now, baseUrl);
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
  // A reminder switched back on may be due now: the next sweep looks at the meeting.
  if (changes.some((c) => !c.off)) await reminderStore.wakeMeeting(meetingId);
  return { changed: changes.length };
}

export async function switchReminders(meetingId: string, change: { kind?: ReminderKind; recipient?: string; off: boolean }, by: string, now: Date) {
  if (!(await meetingStore.get(meetingId))) throw notFound.meeting(meetingId);
  if (change.kind) await reminderStore.setSwitch(meetingId, 'kind', change.kind, change.off, by, now);
  if (change.recipient) await reminderStore.setSwitch(meetingId, 'to', change.recipient, change.off, by, now);
  if (!change.off) await reminderStore.wakeMeeting(meetingId);
  return meetingReminders(meetingId, now);
}
