/** Small builders over the real API, so each test makes its own data with unique ids. */
import { expect } from 'vitest';
import { api, uniqueEmail } from './http.js';

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
