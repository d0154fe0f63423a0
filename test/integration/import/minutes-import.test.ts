/**
 * Importing past minutes (issue 13 §4) over HTTP on the local stack: each seed's text and .docx give
 * the proposal (counts and texts asserted); bad files are refused with the right status; the confirm
 * writes a held meeting once however often it is sent, whose actions come back as matters arising and
 * whose future items are topics; the pages upload, review and confirm without JavaScript.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { api, endpoints, page, postForm, signIn, tokenFor } from '../../support/http.js';
import { uniqueTuesday, daysBefore } from '../../support/fixtures.js';
import { csrfTokenFor } from '../../../shared/http/csrf.js';
import { lyingZip, zipBomb, zipWithoutDocument } from '../../support/zip.js';
import { comparable } from '../../support/minutes-import.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const fixture = (path: string) => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url));
const seeds = {
  '2015': 'com-2015-08-04-minutes',
  '2018': 'com-2018-06-19-minutes',
  '2021-09': 'com-2021-09-14-minutes-and-dec-2021-papers',
  '2021-12': 'com-2021-12-07-minutes',
} as const;
/** Posts a file as the API takes it: the body is the file itself. */
async function upload(body: Buffer | string, type: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${endpoints().app}/api/minutes/imports`, { method: 'POST', body: typeof body === 'string' ? body : new Uint8Array(body), headers: { 'content-type': type, authorization: `Bearer ${await (token ??= tokenFor())}` } });
  const text = await res.text();
  return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text };
}
let token: Promise<string> | undefined;
const counts = (p: any) => ({
  items: p.items.length,
  actions: p.items.reduce((n: number, i: any) => n + i.actions.length, 0),
  futureItems: p.futureItems.length,
  apologies: p.attendance.apologies.length,
});

describe('POST /api/minutes/imports: a proposal from each seed', () => {
  const expected = {
    '2015': { items: 9, actions: 0, futureItems: 0, apologies: 0 },
    '2018': { items: 10, actions: 6, futureItems: 5, apologies: 1 },
    '2021-09': { items: 12, actions: 6, futureItems: 5, apologies: 3 },
    '2021-12': { items: 11, actions: 1, futureItems: 0, apologies: 2 },
  };
  for (const [label, name] of Object.entries(seeds) as [keyof typeof seeds, string][]) {
    it(`${label}: the text and the .docx give the same proposal`, async () => {
      const text = await upload(fixture(`seeds/${name}.txt`).toString('utf8'), 'text/plain; charset=utf-8');
      expect(text.status, JSON.stringify(text.body).slice(0, 300)).toBe(200);
      expect(text.body.importKey).toMatch(/^[0-9A-Z]{26}$/);
      expect(counts(text.body.proposal)).toEqual(expected[label]);
      const docx = await upload(fixture(`minutes/${name}.docx`), DOCX);
      expect(docx.status, JSON.stringify(docx.body).slice(0, 300)).toBe(200);
      expect(comparable(docx.body.proposal)).toEqual(comparable(text.body.proposal));
    });
  }

  it('texts: the September 2021 actions, future items, apologies and the appended papers not placed', async () => {
    const { body } = await upload(fixture(`minutes/${seeds['2021-09']}.docx`), DOCX);
    const p = body.proposal;
    expect(p).toMatchObject({ date: '2021-09-14', startTime: '15:00', endTime: '17:00' });
    expect(p.items[5].title).toBe('Drugs and Alcohol Misuse');
    expect(p.items[4].actions[0]).toEqual({ text: 'DMPC to visit a Neighbourhood Forum', owner: 'DMPC' });
    expect(p.futureItems[4]).toBe('Exception Report theme to be agreed');
    expect(p.attendance.apologies.map((a: any) => a.name)).toEqual(['Tracy Brabin', 'Russ Foster', 'Allison Kemp']);
    expect(p.notPlaced.at(-1).reason).toMatch(/After the end of the minutes/);
    expect(p.warnings[0]).toMatch(/two columns/);
  });
});

describe('POST /api/minutes/imports: bad input', () => {
  it('a file that is not a .docx or text: 415 with a message', async () => {
    const pdf = await upload(fixture('road-safety.pdf'), 'application/pdf');
    expect(pdf.status).toBe(415);
    expect(pdf.body.error).toMatch(/\.docx/);
    const binary = await upload(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]), 'application/octet-stream');
    expect(binary.status).toBe(415);
  });
  it('over 4 MB: 413 saying why (what a request can carry in AWS)', async () => {
    const res = await upload('x'.repeat(4 * 1024 * 1024 + 1), 'text/plain');
    expect(res.status).toBe(413);
    expect(res.body.error).toMatch(/larger than 4 MB/);
  });
  it('text longer than one import reads (300,000 characters): 413 saying what to leave out', async () => {
    const long = fixture(`seeds/${seeds['2021-09']}.txt`).toString('utf8').repeat(2);
    const res = await upload(long, 'text/plain; charset=utf-8');
    expect(res.status).toBe(413);
    expect(res.body.error).toMatch(/more than the 300,000 one import reads\. Leave out any papers appended/);
  });
  it('a ZIP bomb, or a part that unpacks past its declared size: 400', async () => {
    for (const zip of [zipBomb(), lyingZip()]) {
      const res = await upload(zip, DOCX);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(/ZIP bomb/);
    }
  });
  it('a ZIP with no document part: 400 naming it', async () => {
    const res = await upload(zipWithoutDocument(), DOCX);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/word\/document\.xml/);
  });
  it('text with no recognisable date: the proposal asks for it, nothing guessed', async () => {
    const res = await upload('Community Outcomes Meeting\n\n1. Welcome\n\nThe chair welcomed everyone.', 'text/plain');
    expect(res.status).toBe(200);
    expect(res.body.proposal.date).toBeUndefined();
    expect(res.body.proposal.issues.map((i: any) => i.field)).toContain('date');
  });
});

/** The reviewed proposal as the confirm takes it, on a date of its own (so no other test's 2021 meetings see it). */
function confirmation(importKey: string, p: any, date: string) {
  return { importKey, title: p.title, date, startTime: p.startTime ?? '14:00', place: 'Wellington House, Wakefield', status: 'published-draft', attendance: p.attendance, items: p.items, futureItems: p.futureItems, ...(p.futureItemsNote ? { futureItemsNote: p.futureItemsNote } : {}) };
}

describe('POST /api/minutes/imports/confirm', () => {
  it('writes a held meeting once; its actions are matters arising later, its future items topics', async () => {
    const { body } = await upload(fixture(`minutes/${seeds['2021-09']}.docx`), DOCX);
    const date = uniqueTuesday();
    const now = daysBefore(date, -2);
    const input = confirmation(body.importKey, body.proposal, date);
    const first = await api('POST', '/api/minutes/imports/confirm', input, { now });
    expect(first.status, JSON.stringify(first.body).slice(0, 400)).toBe(201);
    expect(first.body).toMatchObject({ id: body.importKey, status: 'held', minutesStatus: 'published-draft', startLocal: `${date}T15:00` });
    const again = await api('POST', '/api/minutes/imports/confirm', input, { now });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);

    const meeting = await api('GET', `/api/meetings/${first.body.id}`, undefined, { now });
    expect(meeting.status).toBe(200);
    const view = meeting.body;
    const agenda = view.agenda ?? view.agendaItems;
    expect(agenda).toHaveLength(12);
    expect(agenda.filter((a: any) => a.kind === 'standing').map((a: any) => a.standing)).toEqual(['welcome', 'previous-notes', 'announcements', 'future-items', 'any-other-business', 'next-meeting']);
    expect(view.actions).toHaveLength(6);
    const drugs = agenda.find((a: any) => a.title === 'Drugs and Alcohol Misuse');
    expect(view.actions.filter((a: any) => a.agendaItemId === drugs.id)).toHaveLength(2);

    const laterDate = new Date(Date.parse(date) + 91 * 86_400_000).toISOString().slice(0, 10);
    const later = await api('POST', '/api/meetings', { start: `${laterDate}T14:00`, place: 'Wellington House, Wakefield' }, { now });
    const arising = await api('GET', `/api/meetings/${later.body.id}/matters-arising`, undefined, { now });
    const mine = (arising.body.actions ?? arising.body).filter((a: any) => a.meetingId === first.body.id);
    expect(mine.map((a: any) => a.text)).toContain('DMPC to visit a Neighbourhood Forum');
    expect(mine).toHaveLength(6);

    const topics = await api('GET', '/api/topics', undefined, { now });
    const fromImport = (topics.body.topics ?? topics.body).filter((t: any) => t.source.kind === 'future-items' && t.source.meetingId === first.body.id);
    expect(fromImport.map((t: any) => t.title).sort()).toEqual(['Countering Terrorism', 'Exception Report theme to be agreed', 'Road Safety', 'Safeguarding', 'Serious Violent Crime']);

    // Items without a paper say nothing of one on the public page.
    const pub = await page(`/meetings/${first.body.id}`, { now });
    expect(pub.status).toBe(200);
    expect(pub.html).toContain('Drugs and Alcohol Misuse');
    expect(pub.html).not.toContain('Paper to follow');
  });

  it('refuses a confirm without a date, or one in the future: 400', async () => {
    const { body } = await upload(fixture(`seeds/${seeds['2015']}.txt`).toString('utf8'), 'text/plain');
    const input = confirmation(body.importKey, body.proposal, '');
    expect((await api('POST', '/api/minutes/imports/confirm', input)).status).toBe(400);
    const future = await api('POST', '/api/minutes/imports/confirm', { ...input, date: uniqueTuesday() }, { now: '2021-01-01T09:00:00Z' });
    expect(future.status).toBe(400);
    expect(future.body.error).toMatch(/must have taken place/);
  });
});

/** A multipart post of the upload form, as a browser sends it. */
async function postUpload(cookie: string, parts: { file?: { content: Buffer; name: string; type: string }; text?: string }) {
  const session = /session=([^;]+)/.exec(cookie)![1]!;
  const form = new FormData();
  form.append('csrf', csrfTokenFor(session));
  form.append('text', parts.text ?? '');
  if (parts.file) form.append('file', new Blob([parts.file.content], { type: parts.file.type }), parts.file.name);
  else form.append('file', new Blob([]), '');
  const res = await fetch(`${endpoints().app}/staff/minutes/import`, { method: 'POST', body: form, headers: { cookie }, redirect: 'manual' });
  return { status: res.status, html: await res.text() };
}

/** The review form's fields, read back from its HTML (inputs, textareas, the checked radio). */
function formFields(html: string): Record<string, string> {
  const form = html.slice(html.indexOf('action="/staff/minutes/import/confirm"'));
  const decode = (s: string) => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const fields: Record<string, string> = {};
  for (const m of form.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"[^>]*>/g)) if (!/type="radio"/.test(m[0])) fields[m[1]!] = decode(m[2]!);
  for (const m of form.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) fields[m[1]!] = decode(m[2]!.replace(/^\n/, ''));
  delete fields.csrf;
  return fields;
}

describe('the import pages', () => {
  it('upload a .docx → the proposal, every field editable, "not placed" shown → confirm twice, one meeting', async () => {
    const cookie = await signIn();
    const form = await page('/staff/minutes/import', { cookie });
    expect(form.status).toBe(200);
    expect(form.html).toContain('enctype="multipart/form-data"');

    const review = await postUpload(cookie, { file: { content: fixture(`minutes/${seeds['2021-09']}.docx`), name: 'minutes.docx', type: DOCX } });
    expect(review.status, review.html.slice(0, 500)).toBe(200);
    expect(review.html).toContain('Check the imported minutes');
    expect(review.html).toContain('Drugs and Alcohol Misuse');
    expect(review.html).toMatch(/Not placed \(\d+\)/);
    expect(review.html).toContain('Chief Officer Team Briefing for COM');
    expect(review.html).toContain('12 agenda items, 6 actions, 5 future agenda items');

    const fields = formFields(review.html);
    expect(fields['items.5.title']).toBe('Drugs and Alcohol Misuse');
    const date = uniqueTuesday();
    const [year, month, day] = date.split('-');
    const filled = { ...fields, 'date-day': day!, 'date-month': month!, 'date-year': year!, place: 'Wellington House, Wakefield', status: 'published-draft' };
    const now = daysBefore(date, -1);
    const missing = await postForm('/staff/minutes/import/confirm', { ...filled, status: '' }, { cookie, now });
    expect(missing.status).toBe(400);
    expect(missing.html).toContain('Choose approved or draft');
    expect(missing.html).toContain('Chief Officer Team Briefing for COM');

    const saved = await postForm('/staff/minutes/import/confirm', filled, { cookie, now });
    expect(saved.status, saved.html.slice(0, 500)).toBe(303);
    expect(saved.location).toBe(`/staff/meetings/${fields.importKey}`);
    const twice = await postForm('/staff/minutes/import/confirm', filled, { cookie, now });
    expect(twice.location).toBe(saved.location);
    const meeting = await api('GET', `/api/meetings/${fields.importKey}`, undefined, { now });
    expect(meeting.body.actions).toHaveLength(6);
    const staffPage = await page(saved.location!, { cookie, now });
    expect(staffPage.status).toBe(200);
    expect(staffPage.html).toContain('Drugs and Alcohol Misuse');
  });

  it('pasted text with no date: the review form asks for it; a PDF: the upload form again with 415', async () => {
    const cookie = await signIn();
    const asks = await postUpload(cookie, { text: 'Minutes\n\n1. Welcome\n\nHello.' });
    expect(asks.status).toBe(200);
    expect(asks.html).toContain('enter the date of the meeting');
    const pdf = await postUpload(cookie, { file: { content: fixture('road-safety.pdf'), name: 'minutes.pdf', type: 'application/pdf' } });
    expect(pdf.status).toBe(415);
    expect(pdf.html).toContain('There is a problem');
  });
});
