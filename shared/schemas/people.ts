/**
 * People (issue 12 §3): the sponsors and authors the office works with, picked on the request
 * form. A request keeps a snapshot of each person as they were when it was made, and their id, so
 * later emails about it go to the person's current address.
 */
// A namespace import lets esbuild leave out what we do not use (zod's locales: ~370 KB a bundle).
import * as z from 'zod';
import { email, id, text, version } from './common.js';

export const PersonRecord = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string().optional().describe('For example "ACC, Operational Support" or "Superintendent"'),
  email: z.string().describe('Lower case; no two people share one'),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PersonRecord = z.infer<typeof PersonRecord>;

/** The item that reserves an email address for one person (a conditional put makes addresses unique). */
export const PersonEmailClaim = z.object({ email: z.string(), personId: z.string() });

export const CreatePersonInput = z.object({
  name: text('their name', 120),
  role: text('their role', 120).optional(),
  email: email('their email address'),
});

export const UpdatePersonInput = z.object({
  version,
  name: text('their name', 120).optional(),
  role: text('their role', 120).nullable().optional().describe('null clears it'),
  email: email('their email address').optional(),
});

export const PersonParams = z.object({ personId: id('the person id') });
export const PeopleResponse = z.object({ people: z.array(PersonRecord) });
