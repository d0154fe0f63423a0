/**
 * People (issue 12 §3): the list of sponsors and authors, adding and editing one, and the people a
 * request names: picked from the list, or typed in (then saved to the list with the request).
 */
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';
import { changePerson, emailChanges, emailKey, newPerson, personIdsOf, snapshotOf, withCurrentPeople } from '../domain/people.js';
import { assertVersion } from '../domain/meetings.js';
import type { PersonChoice, ReportRequest } from '../schemas/entities.js';
import type { PersonRecord } from '../schemas/people.js';
import { personStore } from '../store/people.js';
import type { Write } from '../store/store.js';

export const listPeople = () => personStore.list();

async function personOrThrow(personId: string) {
  const person = await personStore.get(personId);
  if (!person) throw new NotFoundError(`There is no person with id ${personId}`, 'person');
  return person;
}
export const findPerson = (personId: string) => personStore.get(personId);

const addressTaken = (email: string) =>
  new ValidationError('Someone on the people list already has this email address', [
    { field: 'email', message: `Someone on the people list already has the email address ${emailKey(email)}: edit them instead` },
  ]);

export async function createPerson(input: { name: string; role?: string; email: string }, now: Date) {
  const person = newPerson(input, now);
  if (!(await personStore.create(person))) throw addressTaken(person.email);
  return person;
}

export async function updatePerson(personId: string, change: { version: number; name?: string; role?: string | null; email?: string }, now: Date) {
  const person = await personOrThrow(personId);
  assertVersion(person, change.version, 'person');
  const next = changePerson(person, change, now);
  if (await personStore.save(person, next)) return next;
  // Which condition failed: the new address belongs to someone else, or the person changed meanwhile.
  if (emailChanges(person, change)) {
    const { claims } = await personStore.lookUp([], [next.email]);
    const owner = claims.get(next.email);
    if (owner && owner !== personId) throw addressTaken(next.email);
  }
  throw new ConflictError('Someone else changed this person at the same time. Reload and try again; nothing was saved.');
}

type Who = 'sponsor' | 'author';

/**
 * The sponsor and author of a new request as the request records them, and the writes that add
 * the people typed in (for the request's transaction). Someone typed in whose address is already
 * on the list is that person (their details as the list holds them): the list keeps one entry each.
 * One BatchGetItem, and a second when a typed address turns out to be someone's.
 */
export async function resolveRequestPeople(choices: Record<Who, PersonChoice>, now: Date) {
  const picked = (['sponsor', 'author'] as const).filter((w) => choices[w].personId !== undefined);
  const typed = (['sponsor', 'author'] as const).filter((w) => choices[w].personId === undefined);
  const { people, claims } = await personStore.lookUp(
    picked.map((w) => choices[w].personId!),
    typed.map((w) => choices[w].email!),
  );
  const issues = picked
    .filter((w) => !people.has(choices[w].personId!))
    .map((w) => ({ field: `${w}.personId`, message: `The ${w} chosen is no longer on the people list: choose again` }));
  if (issues.length) throw new ValidationError('A person chosen is no longer on the people list', issues);

  const claimed = typed.map((w) => claims.get(emailKey(choices[w].email!))).filter((id): id is string => id !== undefined && !people.has(id));
  if (claimed.length) for (const [id, p] of (await personStore.lookUp(claimed)).people) people.set(id, p);

  const added = new Map<string, PersonRecord>();
  const writes: Write[] = [];
  const resolve = (w: Who): ReportRequest['author'] => {
    const c = choices[w];
    if (c.personId) return snapshotOf(people.get(c.personId)!);
    const key = emailKey(c.email!);
    const known = claims.get(key);
    if (known && people.has(known)) return snapshotOf(people.get(known)!);
    let person = added.get(key);
    if (!person) {
      person = newPerson({ name: c.name!, role: c.role, email: key }, now);
      added.set(key, person);
      writes.push(...personStore.createWrites(person));
    }
    return snapshotOf(person);
  };
  return { sponsor: resolve('sponsor'), author: resolve('author'), writes };
}

/** Requests with their sponsors' and authors' current details (a person's address may have changed since). */
export async function withCurrentAddresses<R extends Pick<ReportRequest, 'author' | 'sponsor'>>(requests: R[]): Promise<R[]> {
  const ids = personIdsOf(requests);
  if (ids.length === 0) return requests;
  const { people } = await personStore.lookUp(ids);
  return requests.map((r) => withCurrentPeople(r, people));
}
