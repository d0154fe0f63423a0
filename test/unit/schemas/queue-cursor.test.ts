/** The queue's page cursor (issue 15 §3): opaque to the client, and checked on the way back in. */
import { describe, expect, it } from 'vitest';
import { encodeCursor, ListQuestionsQuery, QueueQuery, queueStateOf, type QueueCursor } from '../../../shared/schemas/questions.js';

const cursor: QueueCursor = { s: 'accepted', n: 51, i: '01FM5Q2XJ8R1927FTXP4M51WAF', d: 'n', o: 50 };

describe('the queue cursor', () => {
  it('comes back as it went out', () => {
    expect(QueueQuery.parse({ cursor: encodeCursor(cursor) }).cursor).toEqual(cursor);
    expect(ListQuestionsQuery.parse({ cursor: encodeCursor(cursor), status: 'accepted' })).toEqual({ cursor, status: 'accepted', limit: 50 });
  });

  it('refuses anything else with one message, never a throw', () => {
    const bad = [
      'not*base64',
      Buffer.from('not json').toString('base64url'),
      encodeCursor({ ...cursor, i: 'not-an-id' }),
      encodeCursor({ ...cursor, s: 'everything' as never }),
      Buffer.from(JSON.stringify({ ...cursor, extra: 1 })).toString('base64url'),
      'A'.repeat(401),
    ];
    for (const raw of bad) {
      const result = QueueQuery.safeParse({ cursor: raw });
      expect(result.success, raw).toBe(false);
      expect(result.error!.issues[0]!.message).toContain('The page link (cursor) is not valid');
    }
    // A cursor of another state than the one asked for, or (in the API) one for going back.
    expect(QueueQuery.safeParse({ cursor: encodeCursor(cursor), status: 'submitted' }).success).toBe(false);
    expect(ListQuestionsQuery.safeParse({ cursor: encodeCursor({ ...cursor, d: 'p' }) }).success).toBe(false);
  });

  it('limits the API to 1–100 a page, 50 by default', () => {
    expect(ListQuestionsQuery.parse({}).limit).toBe(50);
    expect(ListQuestionsQuery.parse({ limit: '100' }).limit).toBe(100);
    for (const limit of ['0', '101', 'ten', '1.5']) expect(ListQuestionsQuery.safeParse({ limit }).success, limit).toBe(false);
  });

  it('files a grouped question apart from the accepted leads', () => {
    expect(queueStateOf({ id: 'a', status: 'accepted' })).toBe('accepted');
    expect(queueStateOf({ id: 'a', status: 'accepted', groupId: 'a' })).toBe('accepted');
    expect(queueStateOf({ id: 'b', status: 'accepted', groupId: 'a' })).toBe('grouped');
    expect(queueStateOf({ id: 'c', status: 'rejected' })).toBe('rejected');
  });
});
