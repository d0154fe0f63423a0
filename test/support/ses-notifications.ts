/**
 * SES bounce and complaint notifications as SES publishes them to SNS, and the SNS event Lambda
 * receives, shaped after the examples in the SES Developer Guide ("Amazon SNS notification contents
 * for Amazon SES" for an identity's notifications, `notificationType`; "Examples of event data
 * that Amazon SES publishes to Amazon SNS" for a configuration set's, `eventType`).
 */
import { randomUUID } from 'node:crypto';
import type { SNSEvent } from 'aws-lambda';

type Shape = 'identity' | 'event';

const mailObject = (messageId: string, destination: string[], shape: Shape) => ({
  timestamp: '2021-12-01T10:00:00.000Z',
  source: 'Community Outcomes Meeting <com@example.org>',
  sourceArn: 'arn:aws:ses:eu-west-2:123456789012:identity/example.org',
  sourceIp: '192.0.2.10',
  sendingAccountId: '123456789012',
  ...(shape === 'event' ? { callerIdentity: 'scrutiny-send-outbox' } : {}),
  messageId,
  destination,
  headersTruncated: false,
  headers: [
    { name: 'From', value: 'Community Outcomes Meeting <com@example.org>' },
    { name: 'To', value: destination.join(', ') },
    { name: 'Subject', value: 'Your question: COM-20211207-001' },
  ],
  commonHeaders: { from: ['Community Outcomes Meeting <com@example.org>'], to: destination, messageId, subject: 'Your question: COM-20211207-001' },
  ...(shape === 'event' ? { tags: { 'ses:configuration-set': ['scrutiny-cycle'], 'ses:source-ip': ['192.0.2.10'] } } : {}),
});

const typeField = (shape: Shape, type: string) => (shape === 'event' ? { eventType: type } : { notificationType: type });

export interface BounceOptions {
  shape?: Shape;
  type?: 'Permanent' | 'Transient' | 'Undetermined';
  subType?: string;
  diagnosticCode?: string;
  timestamp?: string;
  messageId?: string;
}

export function bounceNotification(recipients: string[], o: BounceOptions = {}) {
  const type = o.type ?? 'Permanent';
  const messageId = o.messageId ?? `0102017d${randomUUID()}-000000`;
  return {
    ...typeField(o.shape ?? 'identity', 'Bounce'),
    bounce: {
      bounceType: type,
      bounceSubType: o.subType ?? (type === 'Permanent' ? 'General' : 'MailboxFull'),
      bouncedRecipients: recipients.map((emailAddress) => ({
        emailAddress,
        action: 'failed',
        status: type === 'Permanent' ? '5.1.1' : '4.2.2',
        diagnosticCode: o.diagnosticCode ?? (type === 'Permanent' ? 'smtp; 550 5.1.1 user unknown' : 'smtp; 452 4.2.2 mailbox full'),
      })),
      timestamp: o.timestamp ?? '2021-12-01T10:00:05.123Z',
      feedbackId: `0102017d${randomUUID()}-000000`,
      reportingMTA: 'dsn; a8-54.smtp-out.amazonses.com',
      remoteMtaIp: '198.51.100.7',
    },
    mail: mailObject(messageId, recipients, o.shape ?? 'identity'),
  };
}

export interface ComplaintOptions {
  shape?: Shape;
  feedbackType?: string | null;
  timestamp?: string;
  messageId?: string;
}

export function complaintNotification(recipients: string[], o: ComplaintOptions = {}) {
  const messageId = o.messageId ?? `0102017d${randomUUID()}-000000`;
  return {
    ...typeField(o.shape ?? 'identity', 'Complaint'),
    complaint: {
      ...(o.shape === 'event' ? { complaintSubType: null } : {}),
      userAgent: 'ExampleCorp Feedback Loop (V0.01)',
      complainedRecipients: recipients.map((emailAddress) => ({ emailAddress })),
      ...(o.feedbackType === null ? {} : { complaintFeedbackType: o.feedbackType ?? 'abuse' }),
      arrivalDate: '2021-12-01T10:05:00.000Z',
      timestamp: o.timestamp ?? '2021-12-01T10:05:01.000Z',
      feedbackId: `0102017d${randomUUID()}-000000`,
    },
    mail: mailObject(messageId, recipients, o.shape ?? 'identity'),
  };
}

/** The event SNS gives Lambda: one record per message (SNS delivers one at a time). */
export function snsEvent(...messages: (object | string)[]): SNSEvent {
  return {
    Records: messages.map((m) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:eu-west-2:123456789012:scrutiny-mail-events:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55',
      Sns: {
        Type: 'Notification',
        MessageId: randomUUID(),
        TopicArn: 'arn:aws:sns:eu-west-2:123456789012:scrutiny-mail-events',
        Subject: '',
        Message: typeof m === 'string' ? m : JSON.stringify(m),
        Timestamp: '2021-12-01T10:06:00.000Z',
        SignatureVersion: '1',
        Signature: 'EXAMPLE',
        SigningCertUrl: 'https://sns.eu-west-2.amazonaws.com/SimpleNotificationService-example.pem',
        UnsubscribeUrl: 'https://sns.eu-west-2.amazonaws.com/?Action=Unsubscribe',
        MessageAttributes: {},
      },
    })),
  };
}
