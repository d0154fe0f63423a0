/**
 * SES bounce and complaint notifications (issue 14 §2), read from the Message of an SNS record.
 * Two shapes carry the same objects: an identity's notifications (`notificationType`) and a
 * configuration set's event publishing (`eventType`). SES may add fields, so unknown ones are
 * ignored; one notification may name one recipient or several.
 *
 * - A Permanent bounce (hard) or a complaint: each recipient is to be suppressed.
 * - A Transient or Undetermined bounce: nothing is suppressed (SES retried it, or cannot say).
 * - Any other event type (Delivery, Send, Open…): not ours; ignored.
 * - Not JSON, or not the shape SES sends: malformed (logged and skipped by the caller, never thrown,
 *   since SNS would retry a throw for ever and it will never parse).
 */
import * as z from 'zod';

export type SuppressionReason = 'bounce' | 'complaint';

export interface SuppressedRecipient {
  /** The address, lower case. */
  email: string;
  /** What SES said about this recipient: bounce type/subtype and diagnostic, or the complaint's feedback type. */
  detail: string;
}

export type MailNotification =
  | { kind: 'suppress'; reason: SuppressionReason; recipients: SuppressedRecipient[]; at: string; messageId?: string }
  | { kind: 'soft-bounce'; bounceType: string; bounceSubType?: string; recipientCount: number; messageId?: string }
  | { kind: 'ignored'; type: string }
  | { kind: 'malformed'; why: string };

/** The longest detail kept: a diagnostic code is a remote server's text. */
export const DETAIL_MAX = 500;

const text = z.string().trim().min(1);
const recipient = z.object({ emailAddress: text, diagnosticCode: z.string().nullish(), status: z.string().nullish(), action: z.string().nullish() });
const mail = z.object({ messageId: z.string().nullish(), timestamp: z.string().nullish() }).nullish();

const Bounce = z.object({
  bounceType: text,
  bounceSubType: z.string().nullish(),
  bouncedRecipients: z.array(recipient).min(1),
  timestamp: z.string().nullish(),
});
const Complaint = z.object({
  complainedRecipients: z.array(recipient).min(1),
  complaintFeedbackType: z.string().nullish(),
  complaintSubType: z.string().nullish(),
  timestamp: z.string().nullish(),
});

const Envelope = z.object({
  notificationType: z.string().optional(),
  eventType: z.string().optional(),
  mail,
  bounce: z.unknown().optional(),
  complaint: z.unknown().optional(),
});

/** The bare address of `Name <a@b>` or `a@b`, lower case; undefined if it is not an address. */
export function bareAddress(raw: string): string | undefined {
  const angle = /<([^<>]+)>\s*$/.exec(raw);
  const email = (angle ? angle[1]! : raw).trim().toLowerCase();
  return /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(email) ? email : undefined;
}

const clip = (s: string) => (s.length > DETAIL_MAX ? `${s.slice(0, DETAIL_MAX - 1)}…` : s);
/** Control characters out, runs of space as one: the detail is shown to staff and comes from a remote mail server. */
const clean = (s: string) => clip(s.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim());

/** An ISO instant, or undefined: SES's own timestamps, else the fallback. */
const instant = (s: string | null | undefined) => {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
};

const issuesOf = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`).join('; ');

/**
 * What one SNS Message says. `receivedAt` (the SNS timestamp, or the handler's clock) is the time
 * recorded when SES's own bounce or complaint timestamp is missing or unreadable.
 */
export function parseMailNotification(message: string, receivedAt: Date): MailNotification {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return { kind: 'malformed', why: 'The message is not JSON' };
  }
  const envelope = Envelope.safeParse(json);
  if (!envelope.success) return { kind: 'malformed', why: `Not an SES notification: ${issuesOf(envelope.error)}` };
  const { notificationType, eventType } = envelope.data;
  const type = eventType ?? notificationType;
  if (!type) return { kind: 'malformed', why: 'The message has neither eventType nor notificationType' };
  const messageId = envelope.data.mail?.messageId ?? undefined;

  if (type === 'Bounce') {
    const parsed = Bounce.safeParse(envelope.data.bounce);
    if (!parsed.success) return { kind: 'malformed', why: `bounce: ${issuesOf(parsed.error)}` };
    const b = parsed.data;
    if (b.bounceType !== 'Permanent') {
      return { kind: 'soft-bounce', bounceType: b.bounceType, ...(b.bounceSubType ? { bounceSubType: b.bounceSubType } : {}), recipientCount: b.bouncedRecipients.length, ...(messageId ? { messageId } : {}) };
    }
    const kind = [b.bounceType, b.bounceSubType].filter(Boolean).join('/');
    const recipients = b.bouncedRecipients
      .map((r) => ({ email: bareAddress(r.emailAddress), detail: clean(r.diagnosticCode ? `${kind}: ${r.diagnosticCode}` : kind) }))
      .filter((r): r is SuppressedRecipient => r.email !== undefined);
    if (!recipients.length) return { kind: 'malformed', why: 'bounce: no recipient has an email address' };
    return { kind: 'suppress', reason: 'bounce', recipients: unique(recipients), at: instant(b.timestamp) ?? receivedAt.toISOString(), ...(messageId ? { messageId } : {}) };
  }

  if (type === 'Complaint') {
    const parsed = Complaint.safeParse(envelope.data.complaint);
    if (!parsed.success) return { kind: 'malformed', why: `complaint: ${issuesOf(parsed.error)}` };
    const c = parsed.data;
    const detail = clean(
      [c.complaintFeedbackType ? `Complaint: ${c.complaintFeedbackType}` : 'Complaint', c.complaintSubType ? `(${c.complaintSubType})` : ''].filter(Boolean).join(' '),
    );
    const recipients = c.complainedRecipients
      .map((r) => ({ email: bareAddress(r.emailAddress), detail }))
      .filter((r): r is SuppressedRecipient => r.email !== undefined);
    if (!recipients.length) return { kind: 'malformed', why: 'complaint: no recipient has an email address' };
    return { kind: 'suppress', reason: 'complaint', recipients: unique(recipients), at: instant(c.timestamp) ?? receivedAt.toISOString(), ...(messageId ? { messageId } : {}) };
  }

  return { kind: 'ignored', type: clean(type).slice(0, 40) };
}

/** One entry per address (SES may name one twice); the first kept. */
function unique(recipients: SuppressedRecipient[]): SuppressedRecipient[] {
  const seen = new Set<string>();
  return recipients.filter((r) => !seen.has(r.email) && (seen.add(r.email), true));
}
