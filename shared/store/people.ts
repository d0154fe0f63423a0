/**
 * The people list (issue 12 §3): a person item per person, and a claim item per email address
 * (lower case), put with `attribute_not_exists` in the same transaction, so no two people share
 * an address. The list reads gsi1 `PEOPLE`, sorted by name.
 */
import { PersonEmailClaim, PersonRecord } from '../schemas/people.js';
import { emailKey, nameKey } from '../domain/people.js';
import { batchGet, create, foundAt, get, parsed, queryAll, replace, tryWrite, type Write } from './store.js';
import { keys, tableSchema } from './keys.js';

const [gsi1] = tableSchema.indexes;

const personItem = (p: PersonRecord) => ({ ...keys.person(p.id), ...keys.peopleByName(nameKey(p.name), p.id), entity: 'person', ...p });
const claimItem = (p: PersonRecord) => ({ ...keys.personEmail(emailKey(p.email)), entity: 'personEmail', email: emailKey(p.email), personId: p.id });

export const personStore = {
  get: (personId: string) => get(PersonRecord, keys.person(personId), true),

  /** Several people by id, and the claims on several addresses, in one BatchGetItem. */
  async lookUp(personIds: readonly string[], emails: readonly string[] = []) {
    if (personIds.length === 0 && emails.length === 0) return { people: new Map<string, PersonRecord>(), claims: new Map<string, string>() };
    const found = await batchGet([...new Set(personIds)].map((id) => keys.person(id)).concat([...new Set(emails.map(emailKey))].map((e) => keys.personEmail(e))));
    const people = new Map<string, PersonRecord>();
    for (const id of personIds) {
      const p = parsed(PersonRecord, foundAt(found, keys.person(id)));
      if (p) people.set(id, p);
    }
    const claims = new Map<string, string>();
    for (const e of emails) {
      const c = parsed(PersonEmailClaim, foundAt(found, keys.personEmail(emailKey(e))));
      if (c) claims.set(emailKey(e), c.personId);
    }
    return { people, claims };
  },

  /** Every person, by name. */
  async list(): Promise<PersonRecord[]> {
    const items = await queryAll({
      IndexName: gsi1!.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': gsi1!.partitionKey },
      ExpressionAttributeValues: { ':pk': keys.peopleByName('', '').gsi1pk },
    });
    return items.map((i) => parsed(PersonRecord, i)!);
  },

  /** The writes that add a person: the person and the claim on their address (refused if either exists). */
  createWrites: (p: PersonRecord): Write[] => [create(personItem(p)), create(claimItem(p))],

  /** Add a person; false if their address is already someone's (nothing written). */
  create: (p: PersonRecord) => tryWrite(personStore.createWrites(p)),

  /**
   * Save a changed person at the version read; a new address moves the claim (the old one deleted,
   * the new one put only if free). False if a condition failed: a stale version or a taken address.
   */
  save: (before: PersonRecord, next: PersonRecord) =>
    tryWrite([
      replace(personItem(next), before.version),
      ...(emailKey(before.email) === emailKey(next.email)
        ? []
        : [{ delete: keys.personEmail(emailKey(before.email)) } as Write, create(claimItem(next))]),
    ]),
};
