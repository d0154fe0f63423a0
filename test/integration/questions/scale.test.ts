/**
 * The queue at the stress size (issue 15 §3): one meeting with 2,000 questions (made directly through
 * the store, in batches: not 2,000 form posts), 150-word questions, 150 accepted, 100 grouped under
 * them, some redirected and rejected. The staff queue shows one state at a time, 50 a page, and stays
 * under 1 MB whatever the number of accepted questions; its pages follow each other (next and
 * previous); a bad cursor is a 400 page. The questions API pages with `nextCursor`. A review or an
 * answer makes the same DynamoDB calls on this meeting as on one with three questions (counted with
 * the benchmarks' call counter). Grouping by a typed reference: an accepted one, an unknown one, one
 * not accepted.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch } from '../../support/browser.js';
import { pageProblems, staffContext } from '../../support/page-checks.js';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { useLocalEnv } from '../../../infra/local/env.js';
import { api, page, postForm, signIn } from '../../support/http.js';
import { text } from '../../support/html.js';
import { openMeeting, type OpenMeeting } from './helpers.js';
import type { Question } from '../../../shared/schemas/questions.js';

const MB = 1024 * 1024;
const TOTAL = 2000;
const ACCEPTED = 150;
const GROUPED = 100;
const REDIRECTED = 30;
const REJECTED = 40;
const SUBMITTED = TOTAL - ACCEPTED - GROUPED - REDIRECTED - REJECTED;

let cookie: string;
let big: OpenMeeting;
let small: OpenMeeting;
const made = new Map<string, Question[]>();

let app: typeof import('../../../shared/app/questions.js');
let clients: typeof import('../../../shared/aws/clients.js');
let counter: typeof import('../../../shared/aws/call-counter.js');
let store: typeof import('../../../shared/store/questions.js');

/** About 150 words: the longest question the form takes. */
const longText = (n: number) => `Question ${n}: ` + Array.from({ length: 148 }, (_, i) => ['speeding', 'on', 'the', 'A62', 'near', 'schools', 'neighbourhood', 'policing'][i % 8]).join(' ') + '?';

/** `count` questions of a meeting written straight to the table (25 items a BatchWriteItem, 8 at once): the first `accepted` accepted, the next `grouped` grouped under them, and so on. */
async function seed(om: OpenMeeting, count: number, mix: { accepted: number; grouped: number; redirected: number; rejected: number }) {
  const qd = await import('../../../shared/domain/questions.js');
  const { questionItemOf } = await import('../../../shared/store/questions.js');
  const { meetingStore, tableName } = await import('../../../shared/store/store.js');
  const { keys } = await import('../../../shared/store/keys.js');
  const plan = (await meetingStore.agenda(om.meeting.id))!;
  const item = qd.publicQuestionsItem(plan.agendaItems)!;
  expect(item).toBeDefined();
  const now = new Date(om.now);
  const at = now.toISOString();
  const questions: Question[] = [];
  const items: Record<string, unknown>[] = [];
  for (let n = 1; n <= count; n++) {
    const { question, contact } = qd.newQuestion({
      meeting: om.meeting,
      form: { name: `Asker ${n}`, email: `asker.${n}.${om.meeting.id.toLowerCase()}@example.org`, district: 'Leeds', question: longText(n), publishName: n % 2 === 0 },
      number: n,
      referencePrefix: 'COM',
      retentionMonths: 12,
      now: new Date(now.getTime() + n),
    });
    let q: Question = question;
    const review = (outcome: 'accept' | 'group' | 'redirect' | 'reject') => ({ outcome, at, by: 'seed@example.org' });
    const i = n - 1;
    if (i < mix.accepted) q = { ...q, status: 'accepted', agendaItemId: item.id, review: review('accept') };
    else if (i < mix.accepted + mix.grouped) {
      const lead = questions[(i - mix.accepted) % mix.accepted]!;
      q = { ...q, status: 'accepted', groupId: lead.id, review: review('group') };
      lead.groupId = lead.id;
      lead.memberIds = [...(lead.memberIds ?? []), q.id];
    } else if (i < mix.accepted + mix.grouped + mix.redirected) q = { ...q, status: 'redirected', review: { ...review('redirect'), note: 'Passed to the force.' } };
    else if (i < mix.accepted + mix.grouped + mix.redirected + mix.rejected) q = { ...q, status: 'rejected', review: { ...review('reject'), reason: 'repeat' } };
    questions.push(q);
    items.push(questionItemOf.contact(contact));
  }
  items.push(...questions.map((q) => questionItemOf.question(q)), { ...keys.questionCounter(om.meeting.id), entity: 'questionCounter', last: count });
  const batches = Array.from({ length: Math.ceil(items.length / 25) }, (_, i) => items.slice(i * 25, i * 25 + 25));
  const client = clients.dynamo();
  for (let i = 0; i < batches.length; i += 8) {
    await Promise.all(
      batches.slice(i, i + 8).map(async (batch) => {
        let requests: Record<string, unknown>[] = batch.map((Item) => ({ PutRequest: { Item } }));
        while (requests.length) {
          const out = await client.send(new BatchWriteCommand({ RequestItems: { [tableName()]: requests as never } }));
          requests = (out.UnprocessedItems?.[tableName()] as Record<string, unknown>[] | undefined) ?? [];
        }
      }),
    );
  }
  made.set(om.meeting.id, questions);
  return questions;
}

const queuePath = (om: OpenMeeting, query = '') => `/staff/meetings/${om.meeting.id}/questions${query}`;
const cardsOf = (html: string) => [...html.matchAll(/<h3 class="govuk-summary-card__title" id="card-title-[0-9A-Z]+">([^<]+)<\/h3>/g)].map((m) => m[1]!);
const linkOf = (html: string, rel: 'next' | 'prev') =>
  new RegExp(`<a class="govuk-link govuk-pagination__link" href="([^"]+)" rel="${rel}"`).exec(html)?.[1]?.replace(/&amp;/g, '&');

beforeAll(async () => {
  useLocalEnv(inject('endpoints'));
  app = await import('../../../shared/app/questions.js');
  clients = await import('../../../shared/aws/clients.js');
  counter = await import('../../../shared/aws/call-counter.js');
  store = await import('../../../shared/store/questions.js');
  cookie = await signIn();
  big = await openMeeting();
  small = await openMeeting();
  await seed(big, TOTAL, { accepted: ACCEPTED, grouped: GROUPED, redirected: REDIRECTED, rejected: REJECTED });
  await seed(small, 3, { accepted: 1, grouped: 0, redirected: 0, rejected: 0 });
}, 180_000);

describe('the staff queue at 2,000 questions', () => {
  it('shows those to review, 50 a page under 1 MB, with the count of every state; next and previous follow each other', async () => {
    const first = await page(queuePath(big), { cookie, now: big.now });
    expect(first.status).toBe(200);
    expect(first.html.length).toBeLessThan(MB);
    const t = text(first.html);
    expect(t).toContain(`To review (${SUBMITTED})`);
    expect(t).toContain(`Accepted (${ACCEPTED})`);
    expect(t).toContain(`Grouped (${GROUPED})`);
    expect(t).toContain(`Showing 1 to 50 of ${SUBMITTED} questions`);
    const refs1 = cardsOf(first.html);
    expect(refs1).toHaveLength(50);
    expect(linkOf(first.html, 'prev')).toBeUndefined();
    // "Group with" offers at most 10 accepted questions (and a field for any other), whatever their number.
    const options = first.html.split(`id="leadId-`)[1]!.split('</select>')[0]!.match(/<option/g) ?? [];
    expect(options.length).toBeLessThanOrEqual(11);

    const second = await page(linkOf(first.html, 'next')!, { cookie, now: big.now });
    expect(second.status).toBe(200);
    expect(text(second.html)).toContain(`Showing 51 to 100 of ${SUBMITTED} questions`);
    const refs2 = cardsOf(second.html);
    expect(refs2).toHaveLength(50);
    expect(refs2.filter((r) => refs1.includes(r))).toEqual([]);
    const back = await page(linkOf(second.html, 'prev')!, { cookie, now: big.now });
    expect(text(back.html)).toContain(`Showing 1 to 50 of ${SUBMITTED} questions`);
    expect(cardsOf(back.html)).toEqual(refs1);
  });

  it('pages through the accepted questions (each once, in number order) and the grouped ones, every page under 1 MB', async () => {
    for (const [state, expected] of [['accepted', ACCEPTED], ['grouped', GROUPED]] as const) {
      const seen: string[] = [];
      let next: string | undefined = queuePath(big, `?status=${state}`);
      while (next) {
        const res = await page(next, { cookie, now: big.now });
        expect(res.status).toBe(200);
        expect(res.html.length).toBeLessThan(MB);
        seen.push(...cardsOf(res.html));
        next = linkOf(res.html, 'next');
      }
      expect(seen).toHaveLength(expected);
      expect(new Set(seen).size).toBe(expected);
      expect([...seen].sort()).toEqual(seen);
    }
  });

  it('answers a bad cursor with a 400 page, not a 500', async () => {
    const otherState = /cursor=([A-Za-z0-9_-]+)/.exec(linkOf((await page(queuePath(big), { cookie, now: big.now })).html, 'next')!)![1]!;
    const shapeless = Buffer.from(JSON.stringify({ s: 'submitted', n: 'x' })).toString('base64url');
    for (const cursor of ['not*base64', shapeless, 'e30', 'A'.repeat(500)]) {
      const res = await page(queuePath(big, `?cursor=${cursor}`), { cookie, now: big.now });
      expect(res.status, cursor).toBe(400);
      expect(text(res.html)).toContain('The page link (cursor) is not valid');
    }
    expect((await page(queuePath(big, `?status=accepted&cursor=${otherState}`), { cookie, now: big.now })).status).toBe(400);
    expect((await page(queuePath(big, '?status=everything'), { cookie, now: big.now })).status).toBe(400);
  });
});

describe('the queue in a browser', () => {
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
  });
  it('a middle page (tabs, previous and next, 50 review forms) fits 375 and 1280 px, and axe finds nothing', async () => {
    browser = await launch();
    const first = await page(queuePath(big), { cookie, now: big.now });
    const middle = linkOf(first.html, 'next')!;
    const context = await staffContext(browser, big.now);
    try {
      expect(await pageProblems(context, middle)).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);
});

describe('the CSV at 2,000 questions', () => {
  it('comes in parts of 500 by number, each under 1 MB, together every question once', async () => {
    const queue = await page(queuePath(big), { cookie, now: big.now });
    const parts = [...queue.html.matchAll(/href="(\/staff\/meetings\/[0-9A-Z]+\/questions\.csv\?part=\d)"/g)].map((m) => m[1]!);
    expect(parts).toHaveLength(TOTAL / 500);
    expect(text(queue.html)).toContain('Questions 1501 to 2000');
    const refs: string[] = [];
    for (const path of parts) {
      const res = await fetch(`${inject('endpoints').app}${path}`, { headers: { cookie, 'x-scrutiny-now': big.now }, redirect: 'manual' });
      expect(res.status).toBe(200);
      const body = await res.text();
      expect(Buffer.byteLength(body)).toBeLessThan(MB);
      refs.push(...[...body.matchAll(/^"(COM-\d{8}-\d+)"/gm)].map((m) => m[1]!));
    }
    expect(refs).toHaveLength(TOTAL);
    expect(new Set(refs).size).toBe(TOTAL);
    const bad = await fetch(`${inject('endpoints').app}/staff/meetings/${big.meeting.id}/questions.csv?part=0`, { headers: { cookie }, redirect: 'manual' });
    expect(bad.status).toBe(400);
  });
});

describe('the questions API at 2,000 questions', () => {
  it('pages with nextCursor: every question once, each answer under 1 MB', async () => {
    const seen = new Set<string>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await api('GET', `/api/meetings/${big.meeting.id}/questions?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
      expect(JSON.stringify(res.body).length).toBeLessThan(MB);
      expect(res.body.questions.length).toBeLessThanOrEqual(100);
      for (const q of res.body.questions) seen.add(q.id);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(seen.size).toBe(TOTAL);
    expect(pages).toBe(TOTAL / 100);
  });

  it('filters by status, 50 by default, and refuses a bad limit or cursor', async () => {
    const res = await api('GET', `/api/meetings/${big.meeting.id}/questions?status=accepted`);
    expect(res.status).toBe(200);
    expect(res.body.questions).toHaveLength(50);
    expect(res.body.questions.every((q: Question) => q.status === 'accepted' && (q.groupId === undefined || q.groupId === q.id))).toBe(true);
    expect(res.body.nextCursor).toEqual(expect.any(String));
    const rest = await api('GET', `/api/meetings/${big.meeting.id}/questions?status=accepted&limit=100&cursor=${res.body.nextCursor}`);
    expect(rest.body.questions).toHaveLength(100);
    expect(rest.body.nextCursor).toBeUndefined();
    expect((await api('GET', `/api/meetings/${big.meeting.id}/questions?limit=101`)).status).toBe(400);
    expect((await api('GET', `/api/meetings/${big.meeting.id}/questions?limit=0`)).status).toBe(400);
    const bad = await api('GET', `/api/meetings/${big.meeting.id}/questions?cursor=nonsense`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('cursor');
    expect((await api('GET', `/api/meetings/${big.meeting.id}/questions?status=rejected&cursor=${res.body.nextCursor}`)).status).toBe(400);
  });
});

describe('reviews and answers read only what they change', () => {
  /** The DynamoDB calls of one use-case call, made in this process against the test stack. */
  async function callsOf(fn: () => Promise<unknown>) {
    const count = counter.countDynamoCalls(clients.dynamo());
    try {
      await fn();
      return count.commands;
    } finally {
      count.stop();
    }
  }

  it('makes the same calls on a meeting with 2,000 questions as on one with 3', async () => {
    const by = 'manager@example.org';
    const calls: Record<string, string[][]> = { accept: [], group: [], answer: [] };
    for (const om of [big, small]) {
      const qs = made.get(om.meeting.id)!;
      const lead = qs.find((q) => q.status === 'accepted' && !q.memberIds?.length)!;
      const [a, b] = qs.filter((q) => q.status === 'submitted');
      const now = new Date(om.clock());
      calls.accept!.push(await callsOf(() => app.reviewQuestion(om.meeting.id, a!.id, { version: 1, outcome: 'accept' }, by, now)));
      calls.group!.push(await callsOf(() => app.reviewQuestion(om.meeting.id, b!.id, { version: 1, outcome: 'group', leadReference: lead.reference }, by, now)));
      const current = (await store.questionStore.byIds(om.meeting.id, [lead.id])).questions.get(lead.id)!;
      calls.answer!.push(await callsOf(() => app.answerQuestion(om.meeting.id, lead.id, { version: current.version, mode: 'writing', text: 'An answer.' }, by, now)));
    }
    for (const [what, [onBig, onSmall]] of Object.entries(calls)) {
      expect(onBig, what).toEqual(onSmall);
      expect(onBig!.length, what).toBeLessThanOrEqual(6);
    }
  });
});

describe('grouping by a typed reference', () => {
  it('groups with an accepted question by its reference; an unknown one, or one not accepted, is a field error', async () => {
    const qs = made.get(big.meeting.id)!;
    const lead = qs.find((q) => q.status === 'accepted' && q.groupId === undefined && q.number > 120)!; // not the one the test above answered
    const pending = qs.filter((q) => q.status === 'submitted').slice(-3);
    const path = (q: Question) => `/staff/meetings/${big.meeting.id}/questions/${q.id}/review`;
    const post = (q: Question, leadReference: string) => postForm(path(q), { version: '1', outcome: 'group', leadId: '', leadReference }, { cookie, now: big.clock() });

    const unknown = await post(pending[0]!, 'COM-20990101-999');
    expect(unknown.status).toBe(400);
    expect(unknown.html).toContain(`<a href="#leadReference-${pending[0]!.id}">No question of this meeting has the reference COM-20990101-999</a>`);
    const notAccepted = await post(pending[0]!, pending[1]!.reference);
    expect(notAccepted.status).toBe(400);
    expect(notAccepted.html).toContain(`<a href="#leadReference-${pending[0]!.id}">Accept ${pending[1]!.reference} first`);
    const malformed = await post(pending[0]!, 'Q-12');
    expect(malformed.status).toBe(400);
    expect(malformed.html).toContain(`<a href="#leadReference-${pending[0]!.id}">Enter a reference like COM-20211207-007</a>`);
    // The form shown again keeps what was typed, on a page still under 1 MB.
    expect(notAccepted.html).toContain(`value="${pending[1]!.reference}"`);
    expect(notAccepted.html.length).toBeLessThan(MB);

    const good = await post(pending[0]!, lead.reference.toLowerCase());
    expect(good.status, text(good.html).slice(0, 400)).toBe(303);
    expect((await store.questionStore.byIds(big.meeting.id, [pending[0]!.id])).questions.get(pending[0]!.id)).toMatchObject({ status: 'accepted', groupId: lead.id });
  });
});
