/** Small builders over the real API, so each test makes its own data with unique ids, and the clocks to use with them. */
import { expect } from 'vitest';
import { api, uniqueEmail } from './http.js';

/** The titles of the standing agenda every new meeting gets, in order (as in the minutes). */
export const standingAgenda = [
  'Welcome, introductions and apologies',
  'Notes of the previous meeting and matters arising',
  'Announcements from the commissioner and the Chief Constable',
  'Public questions',
  'Future agenda items',
  'Any other business',
  'Date and time of the next meeting',
];

let day = 0;
/**
 * A Tuesday after 2040 picked at random from about 2,000, different on every call in a file, so
 * meetings made by test files running in parallel rarely share a day (tests that list a day's
 * meetings still filter by their own). Pass an explicit start where a test needs a real date.
 */
export function uniqueTuesday(): string {
  const weeks = Math.floor(Math.random() * 2_000) * 10 + day++;
  return new Date(Date.UTC(2040, 0, 3) + weeks * 7 * 86_400_000).toISOString().slice(0, 10);
}

export async function meeting(fields: Record<string, unknown> = {}, now?: string) {
  const res = await api('POST', '/api/meetings', { start: `${uniqueTuesday()}T14:00`, place: 'Wellington House, Wakefield', ...fields }, { now });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

export async function topic(fields: Record<string, unknown> = {}, now?: string) {
  const res = await api('POST', '/api/topics', { title: `Road Safety ${Math.random().toString(36).slice(2, 7)}`, points: ['Update on Vision Zero', 'Update on Op Snap'], ...fields }, { now });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

export function people() {
  return {
    sponsor: { name: 'ACC Roads Policing', email: uniqueEmail('sponsor') },
    author: { name: 'Chief Inspector Roads', email: uniqueEmail('author') },
  };
}

/** A name no other test uses: `what` and a random tail. */
export const unique = (what: string) => `${what} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;

const DAY = 86_400_000;

/** The instant `days` before a YYYY-MM-DD date at 09:00 UTC: a clock for a test about that day's meeting. */
export const daysBefore = (date: string, days = 1) => new Date(Date.parse(`${date}T09:00:00Z`) - days * DAY).toISOString();

/**
 * A random whole minute in the [toDays, fromDays) days before noon UTC on a YYYY-MM-DD date:
 * public questions are counted per address per clock hour, so each test's clocks fall in hours no
 * other test uses.
 */
export function clockBefore(date: string, fromDays = 20, toDays = 8): string {
  const base = Date.parse(`${date}T12:00:00Z`);
  const offset = (toDays + Math.random() * (fromDays - toDays)) * DAY;
  return new Date(Math.floor((base - offset) / 60_000) * 60_000).toISOString();
}
