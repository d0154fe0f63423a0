/** Small builders over the real API, so each test makes its own data with unique ids. */
import { expect } from 'vitest';
import { api, uniqueEmail } from './http.js';

let day = 0;
/**
 * A unique future-ish Tuesday per call (weeks after 2040-01-03), so meetings made by tests running
 * in parallel never share a date range. Pass an explicit start where a test needs a real date.
 */
export function uniqueTuesday(): string {
  const base = Date.UTC(2040, 0, 3) + (Math.floor(Math.random() * 2000) * 7 + day++ * 7) * 86_400_000;
  return new Date(base).toISOString().slice(0, 10);
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
