/** People on the office's list (sponsors and authors): pure rules, clock passed in. */
import { ulid } from 'ulid';
import type { PersonRecord } from '../schemas/people.js';
import type { ReportRequest } from '../schemas/entities.js';

/** The form of an address that makes it unique: no two people share one, whatever its case or spaces. */
export const emailKey = (email: string) => email.trim().toLowerCase();

/** How the list sorts: by name, ignoring case. */
export const nameKey = (name: string) => name.trim().toLowerCase();

export function newPerson(input: { name: string; role?: string; email: string }, now: Date): PersonRecord {
  const at = now.toISOString();
  return { id: ulid(), name: input.name.trim(), ...(input.role ? { role: input.role.trim() } : {}), email: emailKey(input.email), version: 1, createdAt: at, updatedAt: at };
}

export function changePerson(person: PersonRecord, change: { name?: string; role?: string | null; email?: string }, now: Date): PersonRecord {
  const next: PersonRecord = { ...person, version: person.version + 1, updatedAt: now.toISOString() };
  if (change.name) next.name = change.name.trim();
  if (change.role === null) delete next.role;
  else if (change.role) next.role = change.role.trim();
  if (change.email) next.email = emailKey(change.email);
  return next;
}

/** Whether a change gives the person another address (so its claim moves). */
export const emailChanges = (person: PersonRecord, change: { email?: string }) => change.email !== undefined && emailKey(change.email) !== person.email;

/** A person as a request records them: their details at request time, and their id. */
export const snapshotOf = (p: PersonRecord): ReportRequest['author'] => ({ name: p.name, email: p.email, ...(p.role ? { role: p.role } : {}), personId: p.id });

/**
 * A request's sponsor and author with the current details of the people they name: later emails
 * go to a person's current address. Someone no longer on the list keeps the snapshot.
 */
export function withCurrentPeople<R extends Pick<ReportRequest, 'author' | 'sponsor'>>(request: R, people: ReadonlyMap<string, PersonRecord>): R {
  const current = (p: ReportRequest['author']) => {
    const found = p.personId ? people.get(p.personId) : undefined;
    return found ? { ...p, name: found.name, email: found.email, ...(found.role ? { role: found.role } : {}) } : p;
  };
  const author = current(request.author);
  const sponsor = current(request.sponsor);
  return author === request.author && sponsor === request.sponsor ? request : { ...request, author, sponsor };
}

/** The ids of the people a list of requests names. */
export const personIdsOf = (requests: readonly Pick<ReportRequest, 'author' | 'sponsor'>[]) =>
  [...new Set(requests.flatMap((r) => [r.author.personId, r.sponsor.personId]).filter((id): id is string => id !== undefined))];
