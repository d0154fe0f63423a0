/**
 * The author's link (`/papers/<requestId>/<secret>`): the one check every author route makes before
 * anything else (the page chain calls it for routes with access 'author'). Kept apart from the
 * paper use-cases so the chain pulls in no S3 code.
 */
import { AuthorLinkError } from '../domain/errors.js';
import { linkProblem } from '../domain/papers.js';
import { hashSecret, linkHashesOf, secretMatches } from '../domain/requests.js';
import type { Meeting } from '../schemas/entities.js';
import { meetingStore } from '../store/store.js';
import { paperStore, type RequestFile } from '../store/papers.js';

export interface AuthorAccess extends RequestFile {
  meeting: Meeting;
  /** The secret from the link, to build links back to the author's pages. */
  key: string;
}

/** Compared against when there is no such request, so a wrong id takes as long as a wrong secret. */
const NO_REQUEST_HASH = hashSecret('no such request');

/**
 * The request the link names, if its secret matches the stored hash (in constant time) and it still
 * works: not withdrawn, the meeting not cancelled and not over (after the end of its London day).
 * Otherwise an AuthorLinkError (404 for a wrong link, 410 for one that has stopped working).
 */
export async function openAuthorLink(requestId: string, key: string, now: Date): Promise<AuthorAccess> {
  const file = await paperStore.getRequestFile(requestId);
  // Every stored hash is compared (constant time each), so timing does not tell which one matched.
  const hashes = file ? linkHashesOf(file.request) : [NO_REQUEST_HASH];
  const matches = hashes.map((h) => secretMatches(key, h)).includes(true) && file !== undefined;
  if (!file || !matches) throw new AuthorLinkError('unknown');
  const meeting = await meetingStore.get(file.request.meetingId);
  const problem = linkProblem(file.request, meeting, now);
  if (problem) throw new AuthorLinkError(problem, problem === 'unknown' ? undefined : file.request.title);
  return { ...file, meeting: meeting!, key };
}
