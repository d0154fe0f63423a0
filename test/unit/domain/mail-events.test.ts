/** Reading SES bounce and complaint notifications (issue 14 §2), in both shapes SES publishes. */
import { describe, expect, it } from 'vitest';
import { DETAIL_MAX, bareAddress, parseMailNotification } from '../../../shared/domain/mail-events.js';
import { bounceNotification, complaintNotification } from '../../support/ses-notifications.js';

const received = new Date('2021-12-01T10:06:00.000Z');
const parse = (n: object | string) => parseMailNotification(typeof n === 'string' ? n : JSON.stringify(n), received);

describe.each(['identity', 'event'] as const)('SES notifications (%s shape)', (shape) => {
  it('a hard bounce suppresses each recipient, lower case, with the bounce type, subtype and diagnostic', () => {
    const n = bounceNotification(['Jane.Example@Example.org', 'john@example.org'], { shape, messageId: 'ses-1', timestamp: '2021-12-01T10:00:05.123Z' });
    expect(parse(n)).toEqual({
      kind: 'suppress',
      reason: 'bounce',
      at: '2021-12-01T10:00:05.123Z',
      messageId: 'ses-1',
      recipients: [
        { email: 'jane.example@example.org', detail: 'Permanent/General: smtp; 550 5.1.1 user unknown' },
        { email: 'john@example.org', detail: 'Permanent/General: smtp; 550 5.1.1 user unknown' },
      ],
    });
  });

  it('a hard bounce of another subtype (SES suppression list, no diagnostic) is still a hard bounce', () => {
    const n = bounceNotification(['gone@example.org'], { shape, subType: 'OnAccountSuppressionList' });
    delete (n.bounce.bouncedRecipients[0] as { diagnosticCode?: string }).diagnosticCode;
    expect(parse(n)).toMatchObject({ kind: 'suppress', reason: 'bounce', recipients: [{ email: 'gone@example.org', detail: 'Permanent/OnAccountSuppressionList' }] });
  });

  it('a soft (transient) bounce suppresses nobody', () => {
    const n = bounceNotification(['full@example.org'], { shape, type: 'Transient', messageId: 'ses-2' });
    expect(parse(n)).toEqual({ kind: 'soft-bounce', bounceType: 'Transient', bounceSubType: 'MailboxFull', recipientCount: 1, messageId: 'ses-2' });
  });

  it('an undetermined bounce suppresses nobody either', () => {
    expect(parse(bounceNotification(['x@example.org'], { shape, type: 'Undetermined', subType: 'Undetermined' }))).toMatchObject({ kind: 'soft-bounce', bounceType: 'Undetermined' });
  });

  it('a complaint suppresses each recipient with its feedback type', () => {
    const n = complaintNotification(['Richard@Example.org'], { shape, messageId: 'ses-3', timestamp: '2021-12-01T10:05:01.000Z' });
    expect(parse(n)).toEqual({
      kind: 'suppress',
      reason: 'complaint',
      at: '2021-12-01T10:05:01.000Z',
      messageId: 'ses-3',
      recipients: [{ email: 'richard@example.org', detail: 'Complaint: abuse' }],
    });
  });

  it('a complaint without a feedback type (many providers send none) still suppresses', () => {
    expect(parse(complaintNotification(['r@example.org'], { shape, feedbackType: null }))).toMatchObject({ kind: 'suppress', recipients: [{ email: 'r@example.org', detail: 'Complaint' }] });
  });

  it('a delivery, or another event type, is not ours', () => {
    const delivery = { ...(shape === 'event' ? { eventType: 'Delivery' } : { notificationType: 'Delivery' }), mail: { messageId: 'm' }, delivery: { recipients: ['a@example.org'] } };
    expect(parse(delivery)).toEqual({ kind: 'ignored', type: 'Delivery' });
  });
});

describe('what is not an SES notification is malformed, never thrown', () => {
  it.each([
    ['not JSON', 'Bounce! jane@example.org'],
    ['JSON that is not an object', '"Bounce"'],
    ['an array', '[1,2]'],
    ['null', 'null'],
    ['neither eventType nor notificationType', { mail: { messageId: 'm' }, bounce: {} }],
    ['a bounce without its bounce object', { notificationType: 'Bounce', mail: {} }],
    ['a bounce with no recipients', { notificationType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [] } }],
    ['a bounce whose recipient is not an address', { eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'not an address' }] } }],
    ['a complaint with recipients of the wrong type', { notificationType: 'Complaint', complaint: { complainedRecipients: 'r@example.org' } }],
    ['a type that is not a string', { notificationType: 7 }],
    ['a mail object that is not an object', { notificationType: 'Bounce', mail: 'x', bounce: {} }],
  ])('%s', (_what, message) => {
    expect(parse(message as object | string)).toMatchObject({ kind: 'malformed', why: expect.any(String) });
  });
});

describe('details', () => {
  it('an unreadable SES timestamp: the time SNS received it', () => {
    expect(parse(bounceNotification(['a@example.org'], { timestamp: 'yesterday' }))).toMatchObject({ at: received.toISOString() });
  });

  it('a long diagnostic is cut, control characters and runs of space are dropped', () => {
    const n = parse(bounceNotification(['a@example.org'], { diagnosticCode: `smtp; 550\r\n  ${'x'.repeat(2000)}` }));
    const detail = n.kind === 'suppress' ? n.recipients[0]!.detail : '';
    expect(detail.length).toBe(DETAIL_MAX);
    expect(detail).toMatch(/^Permanent\/General: smtp; 550 x+…$/);
  });

  it('an address named twice is recorded once; a display name is dropped', () => {
    const n = parse(bounceNotification(['Jane <JANE@example.org>', 'jane@example.org', 'nobody']));
    expect(n).toMatchObject({ kind: 'suppress', recipients: [{ email: 'jane@example.org' }] });
    expect(n.kind === 'suppress' && n.recipients).toHaveLength(1);
  });

  it('bareAddress', () => {
    expect(bareAddress(' A@B.example ')).toBe('a@b.example');
    expect(bareAddress('"Smith, J" <j@x.example>')).toBe('j@x.example');
    expect(bareAddress('j@localhost')).toBeUndefined();
    expect(bareAddress('a b@x.example')).toBeUndefined();
  });
});
