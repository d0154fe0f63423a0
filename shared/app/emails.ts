/**
 * The outbox (issue 14 §1). A change that sends email writes each email as a `pending` record with its
 * whole message (`queued`) in the change's own transaction; nothing is sent inside the change. The sender
 * delivers: in AWS the `send-outbox` function, fed by the table's stream as records are written and
 * every minute by its schedule (retries that are due, claims that lapsed); locally a poller in the
 * local server runs the same sweep. Each send is claimed first (one sender wins; the lease is taken
 * from the clock at the claim), so an email goes at most once per claim, and a sender that dies
 * mid-send leaves the email to be taken over when its lease lapses.
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { config } from '../config.js';
import type { EmailPurpose, EmailRecord, EmailStatus, OutboxMessage } from '../schemas/emails.js';
import { sendEmail } from '../mail/mailer.js';
import { emailKeyOf, emailStore } from '../store/emails.js';
import { invalid } from '../domain/errors.js';
import { suppressionStore } from '../store/suppressions.js';
import type { Key } from '../store/keys.js';
import { logger } from '../observability.js';

/** How long a claim to send an email holds before another sender may take it over. */
export const EMAIL_LEASE_MS = 60_000;
/** SES errors that trying again will not mend (and a message our templates cannot render). */
const PERMANENT = new Set(['MessageRejected', 'InvalidParameterValue', 'MailFromDomainNotVerifiedException', 'ConfigurationSetDoesNotExistException', 'Template render error']);

/**
 * An email for the outbox: pending, with its message (data made plain JSON, as it will be stored).
 * `to` on the record is the first recipient's address (what pages show beside the email's state).
 */
export function queued(args: { subjectId: string; meetingId: string; purpose: EmailPurpose; round: string; message: OutboxMessage; now: Date }): EmailRecord {
  const at = args.now.toISOString();
  return {
    subjectId: args.subjectId,
    meetingId: args.meetingId,
    purpose: args.purpose,
    round: args.round,
    to: args.message.to[0]!.email,
    status: 'pending',
    message: { ...args.message, data: JSON.parse(JSON.stringify(args.message.data)) as Record<string, unknown> },
    attempts: 0,
    createdAt: at,
    updatedAt: at,
  };
}

/** The record of an email that cannot be sent at all (nobody to send it to): failed, with nothing to send again. */
export function unsendable(args: { subjectId: string; meetingId: string; purpose: EmailPurpose; round: string; now: Date }, error: string): EmailRecord {
  const at = args.now.toISOString();
  return { subjectId: args.subjectId, meetingId: args.meetingId, purpose: args.purpose, round: args.round, to: '', status: 'failed', error, attempts: 0, createdAt: at, updatedAt: at };
}

/**
 * A round for a change that sends email: when it was made and the version it made, so two changes
 * in the same millisecond (a test's fixed clock) still have rounds of their own, in order.
 */
export const roundOf = (at: string, version: number) => `${at}#${String(version).padStart(8, '0')}`;

/** The records of the latest round among some (of one subject and kind). */
export function latestRound(records: readonly EmailRecord[]): EmailRecord[] {
  const last = records.map((r) => r.round).sort().at(-1);
  return records.filter((r) => r.round === last);
}

/** An email's state as pages and the API show it (never its message, which may hold a link's secret). */
export const emailSummary = (e: EmailRecord) => ({
  purpose: e.purpose,
  to: e.to,
  status: e.status,
  ...(e.sentAt ? { sentAt: e.sentAt } : {}),
  ...(e.error ? { error: e.error } : {}),
  ...(e.nextAttemptAt ? { nextAttemptAt: e.nextAttemptAt } : {}),
});

/** Whether the emails of one round went: when the last went, or the one that did not (failed or suppressed), or that some are still on their way. */
export function roundState(records: EmailRecord[]): { sentAt?: string; failed?: EmailRecord; sending?: EmailRecord } {
  const failed = records.find((r) => r.status === 'failed' || r.status === 'suppressed');
  if (failed) return { failed };
  const sending = records.find((r) => r.status !== 'sent');
  if (sending) return { sending };
  if (!records.length) return {};
  return { sentAt: records.map((r) => r.sentAt!).sort().at(-1) };
}

/** The sender's settings: how many tries, how long between them, how fast. */
function outboxSettings() {
  const c = config();
  return { maxAttempts: c.OUTBOX_MAX_ATTEMPTS, retrySeconds: c.OUTBOX_RETRY_SECONDS, perSecond: c.OUTBOX_SEND_RATE_PER_SECOND };
}

/** The wait before the next try: doubling from OUTBOX_RETRY_SECONDS, at most an hour. */
export function retryDelayMs(attempts: number, retrySeconds = outboxSettings().retrySeconds): number {
  return Math.min(retrySeconds * 1000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/** A pacer for the SES send rate: waits so sends are at least 1/rate seconds apart (per process). */
let nextSendAt = 0;
async function pace(perSecond: number) {
  const wait = nextSendAt - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  nextSendAt = Math.max(Date.now(), nextSendAt) + 1000 / perSecond;
}

const suppressedText = { bounce: 'Not sent: the address bounced', complaint: 'Not sent: the recipient complained' } as const;

export type SendOutcome = EmailStatus | 'skipped';

/**
 * Claim one email and send it: answers what became of it ('skipped' when another sender has it, or
 * it is not due). Each outcome is written on the record by the holder of the claim.
 */
export async function sendOne(key: Key, now: Date): Promise<SendOutcome> {
  const settings = outboxSettings();
  const record = await emailStore.claim(key, now, EMAIL_LEASE_MS);
  if (!record?.message) return 'skipped';
  const message = record.message;
  const context = { purpose: record.purpose, subjectId: record.subjectId, meetingId: record.meetingId, attempts: record.attempts };

  // A hard bounce or a complaint stops email to that address (issue 14 §2): copies to it are dropped,
  // and an email with nobody left to send to is not sent.
  const suppressed = await suppressionStore.find([...message.to, ...(message.cc ?? [])].map((r) => r.email));
  const allowed = (r: { email: string }) => !suppressed.has(r.email.trim().toLowerCase());
  const to = message.to.filter(allowed);
  if (!to.length) {
    const why = suppressed.get(message.to[0]!.email.trim().toLowerCase())!;
    await emailStore.settle(record, { status: 'suppressed', error: suppressedText[why.reason] }, now);
    logger.warn('Outbox email suppressed', context);
    return 'suppressed';
  }

  await pace(settings.perSecond);
  let messageId: string;
  try {
    ({ messageId } = await sendEmail({ to, cc: message.cc?.filter(allowed), template: message.template, data: message.data }));
  } catch (error) {
    const name = (error as Error).name;
    const text = `${name}: ${(error as Error).message}`.slice(0, 300);
    if (PERMANENT.has(name) || record.attempts >= settings.maxAttempts) {
      const reason = PERMANENT.has(name) ? text : `Gave up after ${record.attempts} tries. ${text}`;
      await emailStore.settle(record, { status: 'failed', error: reason }, now);
      logger.error('Outbox email failed', { ...context, outboxFailed: 1, error: name });
      return 'failed';
    }
    const nextAttemptAt = new Date(now.getTime() + retryDelayMs(record.attempts, settings.retrySeconds)).toISOString();
    await emailStore.settle(record, { status: 'retrying', nextAttemptAt, error: text }, now);
    logger.warn('Outbox email will be tried again', { ...context, nextAttemptAt, error: name });
    return 'retrying';
  }
  // Sent: if this mark fails, the claim stays until its lease lapses and the email may go again then
  // (at most once per claim); the error is thrown so the stream or the sweep reports it.
  await emailStore.settle(record, { status: 'sent', messageId }, now);
  return 'sent';
}

export type SweepTally = Record<SendOutcome, number>;
const emptyTally = (): SweepTally => ({ pending: 0, sending: 0, sent: 0, retrying: 0, failed: 0, suppressed: 0, skipped: 0 });

/**
 * The sweep: every email due at `now` (pending, retries whose time has come, lapsed claims), a page
 * of the outbox index at a time, until none is left or `stopAt` (ms since the epoch, real time) is
 * near. `clock` gives each claim's time (a sweep that runs for a minute claims with the time of each claim).
 */
export async function sendDue(clock: () => Date, stopAt = Number.POSITIVE_INFINITY): Promise<SweepTally> {
  const tally = emptyTally();
  const seen = new Set<string>();
  for (;;) {
    const keys = (await emailStore.due(clock(), 25)).filter((k) => !seen.has(`${k.pk}|${k.sk}`));
    if (!keys.length) return tally;
    for (const key of keys) {
      if (Date.now() >= stopAt) return tally;
      seen.add(`${key.pk}|${key.sk}`);
      tally[await sendOne(key, clock())]++;
    }
  }
}

/**
 * The table stream's batch (AWS): each new or changed record that is pending is claimed and sent.
 * An SES failure is not a batch failure (the record says retrying, and the sweep takes it up); a
 * record that could not be read or written is reported, so the stream tries it again (partial
 * batch response) and, after its bounded retries, sends it to the failure queue.
 */
export async function sendFromStream(event: DynamoDBStreamEvent, clock: () => Date) {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const r of event.Records) {
    const image = r.dynamodb?.NewImage;
    if (!image || image.entity?.S !== 'email' || image.status?.S !== 'pending') continue;
    const key = { pk: image.pk!.S!, sk: image.sk!.S! };
    try {
      await sendOne(key, clock());
    } catch (error) {
      logger.error('Outbox stream record not processed', { key, error: (error as Error).name });
      batchItemFailures.push({ itemIdentifier: r.dynamodb!.SequenceNumber! });
    }
  }
  return { batchItemFailures };
}

/** An email's reference in a form (its key, base64url), and back; a reference that is not an email's key is a 400. */
export const emailRef = (key: Key) => Buffer.from(`${key.pk}\n${key.sk}`).toString('base64url');
function keyOfRef(ref: string): Key {
  const [pk, sk, ...rest] = Buffer.from(ref, 'base64url').toString('utf8').split('\n');
  if (rest.length || !pk || !sk || !/^(MEETING|QUESTIONS|REMINDERS)#/.test(pk) || !sk.startsWith('OUTBOX#')) {
    throw invalid('email', 'That email reference is not valid. Reload the page and try again.');
  }
  return { pk, sk };
}

/** Staff's "send again" (the staff home): a failed email goes back to pending. False: it is not failed (any more). */
export async function resendEmail(ref: string, now: Date) {
  return (await emailStore.resend(keyOfRef(ref), now)) !== undefined;
}

/** The emails staff should know did not go (newest first), for the staff home: one Query. */
export async function failedEmails(limit = 20) {
  return (await emailStore.failed(limit)).map((e) => ({ ...emailSummary(e), meetingId: e.meetingId, subjectId: e.subjectId, updatedAt: e.updatedAt, ref: emailRef(emailKeyOf(e)) }));
}
