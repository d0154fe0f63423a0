/**
 * Emails about requests and questions, each with its record (schemas/emails.ts): the record is
 * written before the email goes and marked after, so what pages say about an email is what happened.
 */
import type { EmailPurpose, EmailRecord } from '../schemas/emails.js';
import { sendEmail, type Email } from '../mail/mailer.js';
import { emailStore } from '../store/emails.js';
import { logger } from '../observability.js';

/** How long a claim to send an email holds before another sender may take it over. */
export const EMAIL_LEASE_MS = 60_000;

/** A record of an email about to be sent, with its lease taken from the clock now. */
export function emailRecord(args: { subjectId: string; meetingId: string; purpose: EmailPurpose; round: string; to: string; now: Date }): EmailRecord {
  const at = args.now.toISOString();
  return {
    subjectId: args.subjectId,
    meetingId: args.meetingId,
    purpose: args.purpose,
    round: args.round,
    to: args.to,
    status: 'sending',
    leaseUntil: new Date(args.now.getTime() + EMAIL_LEASE_MS).toISOString(),
    createdAt: at,
    updatedAt: at,
  };
}

/** A record of an email that could not be sent at all (nobody to send it to). */
export const unsendable = (record: EmailRecord, error: string): EmailRecord => {
  const { leaseUntil: _none, ...rest } = record;
  return { ...rest, status: 'failed', error };
};

/**
 * Send a recorded email and mark its record; answers the record as marked. A refused send is marked
 * failed (with the SES error's name); a failure to mark a sent email is thrown, leaving the record
 * claimed until its lease lapses, so nothing sends it again in the meantime.
 */
export async function deliver(record: EmailRecord, email: Email, now: Date): Promise<EmailRecord> {
  const at = now.toISOString();
  const { leaseUntil: _done, ...rest } = record;
  let messageId: string;
  try {
    ({ messageId } = await sendEmail(email));
  } catch (error) {
    const name = (error as Error).name;
    logger.warn('Email failed', { purpose: record.purpose, subjectId: record.subjectId, error: name });
    await emailStore.settle(record, { failedAt: at, error: name });
    return { ...rest, status: 'failed', error: name, updatedAt: at };
  }
  await emailStore.settle(record, { sentAt: at, messageId });
  return { ...rest, status: 'sent', sentAt: at, messageId, updatedAt: at };
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

/** Whether the emails of one round went: when the last went, or why one did not. */
export function roundState(records: EmailRecord[]): { sentAt?: string; failed?: EmailRecord } {
  const failed = records.find((r) => r.status === 'failed');
  if (failed) return { failed };
  if (!records.length || records.some((r) => r.status !== 'sent')) return {};
  return { sentAt: records.map((r) => r.sentAt!).sort().at(-1) };
}
