/** A meeting to edit (issue 12 §3): papers requested through the API, a public question accepted, a clock 40 days before. */
import { expect } from 'vitest';
import { api, emails, mailTo, uniqueEmail } from '../../support/http.js';
import { daysBefore, people, topic, uniqueTuesday } from '../../support/fixtures.js';
import { asker, submit } from '../questions/helpers.js';

export interface Cycle {
  meetingId: string;
  date: string;
  /** A clock 40 days before the meeting (a random minute: questions are counted per clock hour). */
  now: string;
  version: number;
  requests: { id: string; title: string; dueDate: string; author: { name: string; email: string }; sponsor: { name: string; email: string } }[];
  asker?: { email: string; reference: string };
}

/** Every address of a cycle's people. */
export const addressesOf = (c: Cycle) => [...c.requests.flatMap((r) => [r.author.email, r.sponsor.email]), ...(c.asker ? [c.asker.email] : [])];

export async function cycle(opts: { requests?: number; question?: boolean; date?: string; time?: string } = {}): Promise<Cycle> {
  const date = opts.date ?? uniqueTuesday();
  const now = new Date(Date.parse(daysBefore(date, 40)) - Math.floor(Math.random() * 1440) * 60_000).toISOString();
  const made = await api('POST', '/api/meetings', { start: `${date}T${opts.time ?? '14:00'}`, place: 'Wellington House, Wakefield', livestreamUrl: 'https://example.org/live' }, { now });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const meetingId = made.body.id as string;
  const requests: Cycle['requests'] = [];
  for (let i = 0; i < (opts.requests ?? 2); i++) {
    const t = await topic({}, now);
    const who = people();
    const res = await api('POST', `/api/meetings/${meetingId}/requests`, { topicId: t.id, ...who }, { now });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    requests.push({ id: res.body.id, title: res.body.title, dueDate: res.body.dueDate, ...who });
  }
  let asked: Cycle['asker'];
  if (opts.question !== false) {
    const a = asker({ email: uniqueEmail('asker') });
    const res = await submit(meetingId, a, now);
    expect(res.status, res.html.slice(0, 400)).toBe(200);
    const list = await api('GET', `/api/meetings/${meetingId}/questions`);
    const q = list.body.questions.find((x: { reference: string }) => x.reference === res.reference);
    const accepted = await api('POST', `/api/meetings/${meetingId}/questions/${q.id}/review`, { version: q.version, outcome: 'accept' }, { now });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    await mailTo(a.email, 2);
    asked = { email: a.email, reference: res.reference! };
  }
  // The request emails have gone (the emulator stores them after the reply).
  for (const r of requests) await mailTo(r.sponsor.email, 1);
  const view = await api('GET', `/api/meetings/${meetingId}`, undefined, { now });
  return { meetingId, date, now, version: view.body.meeting.version, requests, asker: asked };
}

/** The emails about a move that reached an address. */
export const moveMails = async (address: string) => (await emails(address)).filter((m) => /moved/i.test(m.subject));

/** How many emails about a move reached each address (after a pause, so late sends would show). */
export async function moveMailCounts(addresses: string[], pauseMs = 500) {
  await new Promise((r) => setTimeout(r, pauseMs));
  return Promise.all(addresses.map(async (a) => (await moveMails(a)).length));
}

/** A form's fields for a date: the GOV.UK date input's three boxes. */
export const dateBoxes = (prefix: string, date: string) => {
  const [y, m, d] = date.split('-');
  return { [`${prefix}-day`]: String(Number(d)), [`${prefix}-month`]: String(Number(m)), [`${prefix}-year`]: y! };
};

/** The edit form's fields (what the form and its confirm step post). */
export const editFields = (version: number, date: string, fields: Record<string, string> = {}) => ({
  version: String(version),
  title: 'Community Outcomes Meeting',
  ...dateBoxes('date', date),
  time: '14:00',
  place: 'Wellington House, Wakefield',
  livestreamUrl: 'https://example.org/live',
  ...fields,
});

/** A London date `days` after a YYYY-MM-DD date. */
export const plusDays = (date: string, days: number) => new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
