/**
 * Addresses SES reported as a hard bounce or a complaint (issue 14 §2): one item per address, keyed
 * by a hash of it (keys.suppression). The outbox asks before each send; a changed address is a new
 * key, so it is not suppressed.
 */
import { createHash } from 'node:crypto';
import { keys } from './keys.js';
import { batchGet, foundAt } from './store.js';

export interface Suppression {
  /** The address as SES reported it (lower case). */
  email: string;
  reason: 'bounce' | 'complaint';
  /** What SES said: the bounce type and diagnostic, or the complaint's feedback type. */
  detail?: string;
  at: string;
}

export const addressHash = (email: string) => createHash('sha256').update(`suppression:${email.trim().toLowerCase()}`).digest('hex').slice(0, 40);

export const suppressionStore = {
  /** Which of some addresses are suppressed, keyed by the lower-case address: one BatchGetItem. */
  async find(emails: readonly string[]): Promise<Map<string, Suppression>> {
    const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
    if (!wanted.length) return new Map();
    const found = await batchGet(wanted.map((e) => keys.suppression(addressHash(e))));
    const out = new Map<string, Suppression>();
    for (const email of wanted) {
      const item = foundAt(found, keys.suppression(addressHash(email)));
      if (item) out.set(email, { email, reason: item.reason as Suppression['reason'], detail: item.detail as string | undefined, at: String(item.at) });
    }
    return out;
  },
};
