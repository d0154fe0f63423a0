/**
 * Helpers for the paper tests (and the security tests that upload one): a requested paper with its
 * author link (read back from the SES emulator), the upload form parsed from the author page, and
 * the upload itself posted to the S3 emulator exactly as a browser posts that form.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { api, AUTHOR_LINK, endpoints, linkIn, page, postForm } from './http.js';
import { daysBefore, meeting, people, topic, uniqueTuesday } from './fixtures.js';
import { text, unescapeHtml } from './html.js';

export const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures', name));
export const PDF = fixture('road-safety.pdf');
export const DOCX = fixture('road-safety.docx');

export interface Requested {
  meeting: any;
  request: any;
  sponsor: { name: string; email: string };
  author: { name: string; email: string };
  /** The author link's path: /papers/<requestId>/<secret>. */
  link: string;
  /** A clock a few days before the due date. */
  now: string;
  date: string;
}

/** The submission link (its path) in the latest email to an address. */
export const linkFrom = async (address: string): Promise<string> => (await linkIn(address, AUTHOR_LINK))[0];

/** A meeting (far in the future, unique date), a topic with points, and a request for a paper on it. */
export async function requestPaper(fields: { points?: string[]; date?: string } = {}): Promise<Requested> {
  const date = fields.date ?? uniqueTuesday();
  const now = daysBefore(date, 40);
  const m = await meeting({ start: `${date}T14:00`, livestreamUrl: 'https://www.youtube.com/@WestYorkshireCA' }, now);
  const t = await topic({ points: fields.points ?? ['Update on Vision Zero', 'Update on Op Snap', 'Impact of ANPR in West Yorkshire'] }, now);
  const { sponsor, author } = people();
  const res = await api('POST', `/api/meetings/${m.id}/requests`, { topicId: t.id, sponsor, author }, { now });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { meeting: m, request: res.body, sponsor, author, link: await linkFrom(author.email), now, date };
}

export interface UploadForm {
  action: string;
  fields: [string, string][];
  uploadId: string;
}

/** The upload form on the author page: where it posts and its hidden fields, in order. */
export function uploadFormOf(html: string): UploadForm {
  const form = /<form method="post" action="([^"]+)" enctype="multipart\/form-data">([\s\S]*?)<\/form>/.exec(html);
  expect(form, 'the upload form').not.toBeNull();
  const fields = [...form![2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, unescapeHtml(m[2]!)] as [string, string]);
  const redirect = fields.find(([k]) => k === 'success_action_redirect')?.[1] ?? '';
  return { action: unescapeHtml(form![1]!), fields, uploadId: /[?&]upload=([0-9A-Z]{26})/.exec(redirect)?.[1] ?? '' };
}

/** Posts a file to S3 with the form's fields, as a browser does; answers S3's redirect (an absolute URL). */
export async function postToS3(form: UploadForm, file: Buffer | Uint8Array, name: string, type = 'application/octet-stream'): Promise<string> {
  const body = new FormData();
  for (const [k, v] of form.fields) body.append(k, v);
  body.append('file', new Blob([file], { type }), name);
  const res = await fetch(form.action, { method: 'POST', body, redirect: 'manual' });
  expect(res.status, await res.clone().text()).toBe(303);
  return res.headers.get('location')!;
}

/** Opens the author page, uploads a file through its form, and follows S3's redirect back (the check). */
export async function upload(link: string, file: Buffer | Uint8Array, name: string, now: string) {
  const authorPage = await page(link, { now });
  expect(authorPage.status, authorPage.html).toBe(200);
  const form = uploadFormOf(authorPage.html);
  const back = await postToS3(form, file, name);
  const url = new URL(back);
  expect(url.origin).toBe(new URL(endpoints().app).origin);
  expect(url.pathname).toBe(`${link}/uploaded`);
  const checked = await page(url.pathname + url.search, { now });
  return { form, checked, uploadId: form.uploadId };
}

/** Upload, then confirm points and summary: a new version. */
export async function submit(link: string, file: Buffer | Uint8Array, now: string, confirm: { points?: string[]; summary?: string } = {}) {
  const { checked, uploadId } = await upload(link, file, 'paper.pdf', now);
  expect(checked.status, text(checked.html)).toBe(200);
  const res = await postForm(link, { upload: uploadId, points: confirm.points ?? ['0', '1'], summary: confirm.summary ?? 'Vision Zero and Op Snap, with the 2040 plan.' }, { now });
  expect(res.status, text(res.html)).toBe(200);
  expect(text(res.html)).toContain('Paper submitted');
  return { uploadId, res };
}
