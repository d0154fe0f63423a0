/** Builders for the public-question tests: an open meeting with a clock inside its window, an asker, a submission, a review. */
import { expect } from 'vitest';
import { api, page, postForm, uniqueEmail } from '../../support/http.js';
import { clockBefore, meeting, uniqueTuesday } from '../../support/fixtures.js';
import { text } from '../../support/html.js';

export interface OpenMeeting {
  meeting: any;
  date: string;
  /** A clock inside the question window (fresh hours: `clock()` again for another). */
  now: string;
  clock: () => string;
}

/** A meeting (a unique Tuesday from 2040) whose question window is open at `now`. */
export async function openMeeting(fields: Record<string, unknown> = {}): Promise<OpenMeeting> {
  const date = (fields.date as string | undefined) ?? uniqueTuesday();
  const clock = () => clockBefore(date);
  const now = clock();
  const { date: _d, ...rest } = fields;
  return { meeting: await meeting({ start: `${date}T14:00`, livestreamUrl: 'https://example.org/live', ...rest }, now), date, now, clock };
}

export interface Asker {
  name: string;
  email: string;
  district: string;
  question: string;
  publishName?: boolean;
}

export const asker = (fields: Partial<Asker> = {}): Asker => ({
  name: 'Jane Example',
  email: uniqueEmail('asker'),
  district: 'Kirklees',
  question: `What is being done about speeding on the A62 (${Math.random().toString(36).slice(2, 8)})?`,
  ...fields,
});

/** The idempotency key of a freshly shown form. */
export async function formKey(meetingId: string, now: string): Promise<string> {
  const res = await page(`/meetings/${meetingId}/questions/new`, { now });
  expect(res.status, res.html).toBe(200);
  const key = /name="idempotencyKey" value="([^"]+)"/.exec(res.html)?.[1];
  expect(key).toBeDefined();
  return key!;
}

export function formFields(a: Asker, key: string, extra: Record<string, string> = {}) {
  return {
    idempotencyKey: key,
    name: a.name,
    email: a.email,
    district: a.district,
    question: a.question,
    ...(a.publishName ? { publishName: 'yes' } : {}),
    website: '',
    ...extra,
  };
}

export async function submit(meetingId: string, a: Asker, now: string, opts: { key?: string; extra?: Record<string, string> } = {}) {
  const key = opts.key ?? (await formKey(meetingId, now));
  const res = await postForm(`/meetings/${meetingId}/questions`, formFields(a, key, opts.extra), { now });
  return { ...res, key, reference: /id="reference">([^<]+)</.exec(res.html)?.[1] };
}

/** Submit and expect the confirmation: returns the question as the staff API shows it. */
export async function ask(om: OpenMeeting, fields: Partial<Asker> = {}) {
  const a = asker(fields);
  const res = await submit(om.meeting.id, a, om.clock());
  expect(res.status, text(res.html).slice(0, 600)).toBe(200);
  expect(res.reference).toMatch(/^COM-\d{8}-\d{3}$/);
  const q = (await questions(om.meeting.id)).find((x: any) => x.reference === res.reference);
  expect(q).toBeDefined();
  return { asker: a, question: q, reference: res.reference! };
}

export async function questions(meetingId: string): Promise<any[]> {
  const res = await api('GET', `/api/meetings/${meetingId}/questions`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.questions;
}

export async function question(meetingId: string, id: string) {
  return (await questions(meetingId)).find((q: any) => q.id === id);
}

export const review = (meetingId: string, questionId: string, body: unknown, now?: string) =>
  api('POST', `/api/meetings/${meetingId}/questions/${questionId}/review`, body, { now });
export const answer = (meetingId: string, questionId: string, body: unknown, now?: string) =>
  api('POST', `/api/meetings/${meetingId}/questions/${questionId}/answer`, body, { now });
