/**
 * Addresses SES reported as a hard bounce or a complaint (issue 14 §2): one item per address, keyed
 * by a hash of it (keys.suppression). The outbox asks before each send; a changed address is a new
 * key, so it is not suppressed.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { keys } from './keys.js';
import { batchGet, create, foundAt, parsed, tryWrite, queryAll } from './store.js';

export const Suppression = z.object({
  /** The address as SES reported it (lower case). */
  email: z.string(),
  reason: z.enum(['bounce', 'complaint']),
  /** What SES said: the bounce type and diagnostic, or the complaint's feedback type. */
  detail: z.string().optional(),
  /** When SES recorded the first bounce or complaint (ISO instant). */
  at: z.string(),
  /** The SES message id of the email that bounced or was complained about. */
  messageId: z.string().optional(),
});
export type Suppression = z.infer<typeof Suppression>;

/** The most keys one BatchGetItem reads. */
const BATCH_GET_KEYS = 100;

export const addressHash = (email: string) => createHash('sha256').update(`suppression:${email.trim().toLowerCase()}`).digest('hex').slice(0, 40);

export const suppressionStore = {
  /** Which of some addresses are suppressed, keyed by the lower-case address: one BatchGetItem (per 100). */
  async find(emails: readonly string[]): Promise<Map<string, Suppression>> {
    const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
    if (!wanted.length) return new Map();
    const out = new Map<string, Suppression>();
    if (wanted.length > BATCH_GET_KEYS) {
      // More addresses than one BatchGetItem reads (a long people list): one Query of the few
      // suppressed ones instead of a BatchGetItem per hundred addresses.
      const all = await queryAll({
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.suppressedAddresses('').gsi2pk },
      });
      const byHash = new Map(all.map((i) => [String(i.gsi2sk), i]));
      for (const email of wanted) {
        const item = parsed(Suppression, byHash.get(addressHash(email)));
        if (item) out.set(email, item);
      }
      return out;
    }
    const found = await batchGet(wanted.map((e) => keys.suppression(addressHash(e))));
    for (const email of wanted) {
      const item = parsed(Suppression, foundAt(found, keys.suppression(addressHash(email))));
      if (item) out.set(email, item);
    }
    return out;
  },

  /**
   * Record an address as suppressed. The first record stays: a repeated notification (SNS delivers
   * at least once) or a later one for the same address writes nothing, so `at` is the first
   * bounce's. True if this call wrote it. A DynamoDB failure throws.
   */
  async record(s: Suppression): Promise<boolean> {
    const email = s.email.trim().toLowerCase();
    const hash = addressHash(email);
    const item = { ...keys.suppression(hash), ...keys.suppressedAddresses(hash), entity: 'suppression', ...Suppression.parse({ ...s, email }) };
    return tryWrite([create(item)]);
  },
};
