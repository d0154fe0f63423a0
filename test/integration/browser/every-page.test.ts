/**
 * Every page, held to the bar every page is held to (test/support/page-checks.ts): in real Chromium,
 * at 375 px and 1280 px, no sideways scroll and no axe-core finding (WCAG 2.2 AA tags) — on a
 * realistic cycle (test/support/realistic-world.ts: eight papers in every state, 30 questions,
 * actions, matters arising, reminders). Public pages as the public sees them, author pages through
 * the author's own emailed link, staff pages signed in through the real sign-in form.
 *
 * The list is held to the route table: every GET page route of shared/routes.ts has an entry here
 * (one `it` per page, so a failure names it), or is named in NOT_HTML with what it answers instead
 * (and that is checked too). A new page that is not added here fails the first test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { routeList, type RouteName } from '../../../shared/routes.js';
import { launch, contextAt } from '../../support/browser.js';
import { pageProblems, staffContext } from '../../support/page-checks.js';
import { call } from '../../support/world.js';
import { signIn, tokenFor } from '../../support/http.js';
import { AFTER_MEETING, QUESTIONS_OPEN_AT, VIEW_AT, makeRealisticWorld, type PaperState, type RealisticWorld } from '../../support/realistic-world.js';

type Who = 'public' | 'author' | 'staff' | 'observer';

interface PageCheck {
  /** The `it` title. */
  name: string;
  /** The route it is a page of (absent: a page no route has, such as "Page not found"). */
  route?: RouteName;
  who: Who;
  at: string;
  path: (w: RealisticWorld) => string;
  status?: number;
}

const STATES: PaperState[] = ['due', 'overdue', 'on-time', 'late', 'returned', 'accepted', 'published', 'withdrawn'];

const PAGES: PageCheck[] = [
  // ---- public ----
  { name: 'home', route: 'show-home', who: 'public', at: VIEW_AT, path: () => '/' },
  { name: 'sign-in', route: 'show-sign-in', who: 'public', at: VIEW_AT, path: () => '/sign-in' },
  { name: 'public meeting, agenda pack published', route: 'show-public-meeting', who: 'public', at: VIEW_AT, path: (w) => `/meetings/${w.meetingId}` },
  { name: 'public meeting, after it (questions and answers)', route: 'show-public-meeting', who: 'public', at: AFTER_MEETING, path: (w) => `/meetings/${w.meetingId}` },
  { name: 'public meeting, the earlier one', route: 'show-public-meeting', who: 'public', at: VIEW_AT, path: (w) => `/meetings/${w.earlierMeetingId}` },
  // The public archive (issue 13 §3): every meeting by year, and search (with results and without a query).
  { name: 'all meetings (the archive)', route: 'show-archive', who: 'public', at: AFTER_MEETING, path: () => '/meetings' },
  { name: 'meetings of one year (the archive)', route: 'show-archive', who: 'public', at: '2024-01-10T10:00:00Z', path: () => '/meetings?year=2021' },
  { name: 'search, with results', route: 'show-search', who: 'public', at: AFTER_MEETING, path: () => '/search?q=crime' },
  { name: 'search, no query', route: 'show-search', who: 'public', at: AFTER_MEETING, path: () => '/search' },
  { name: 'ask a question (the next open meeting)', route: 'show-question-form-next', who: 'public', at: VIEW_AT, path: () => '/questions' },
  { name: 'ask a question about the December meeting', route: 'show-question-form', who: 'public', at: QUESTIONS_OPEN_AT, path: (w) => `/meetings/${w.meetingId}/questions/new` },
  { name: 'privacy notice', route: 'show-privacy', who: 'public', at: VIEW_AT, path: () => '/privacy' },
  { name: 'delete my details (from the acknowledgement email)', route: 'show-forget-form', who: 'public', at: VIEW_AT, path: (w) => w.forgetLink },
  { name: 'page not found', who: 'public', at: VIEW_AT, path: () => '/no/such/page', status: 404 },
  { name: 'page not found (a malformed id)', who: 'public', at: VIEW_AT, path: () => '/meetings/not-an-id', status: 404 },

  // ---- the author, through their own link: the paper in each state ----
  ...STATES.map(
    (state): PageCheck => ({
      name: `author’s paper page, ${state}`,
      route: 'show-paper-page',
      who: 'author',
      at: VIEW_AT,
      path: (w) => w.requests[state].link,
      // A withdrawn request's link answers "gone", with what to do.
      status: state === 'withdrawn' ? 410 : 200,
    }),
  ),
  { name: 'author’s upload check (confirm the points)', route: 'check-paper-upload', who: 'author', at: VIEW_AT, path: (w) => `${w.requests.due.link}/uploaded?upload=${w.pendingUploadId}` },

  // ---- staff ----
  { name: 'staff home (what needs doing)', route: 'show-staff-home', who: 'staff', at: VIEW_AT, path: () => '/staff' },
  { name: 'staff home, overdue only, by status', route: 'show-staff-home', who: 'staff', at: VIEW_AT, path: () => '/staff?sort=status&show=overdue' },
  { name: 'agenda order', route: 'show-agenda-order', who: 'staff', at: VIEW_AT, path: (w) => `/staff/meetings/${w.meetingId}/agenda` },
  { name: 'edit or move a meeting', route: 'show-meeting-edit', who: 'staff', at: VIEW_AT, path: (w) => `/staff/meetings/${w.meetingId}/edit` },
  { name: 'cancel a meeting (what will happen)', route: 'show-meeting-cancellation', who: 'staff', at: VIEW_AT, path: (w) => `/staff/meetings/${w.meetingId}/cancel` },
  { name: 'schedule a series', route: 'show-meeting-series', who: 'staff', at: VIEW_AT, path: () => '/staff/meetings/series' },
  { name: 'add an agenda item without a paper', route: 'show-agenda-item-form', who: 'staff', at: VIEW_AT, path: (w) => `/staff/meetings/${w.meetingId}/agenda/new` },
  { name: 'edit or close a topic', route: 'show-topic-edit', who: 'staff', at: VIEW_AT, path: () => `/staff/topics/${ids.topicId}/edit` },
  { name: 'people', route: 'show-people', who: 'staff', at: VIEW_AT, path: () => '/staff/people' },
  { name: 'import past minutes', route: 'show-minutes-import', who: 'staff', at: VIEW_AT, path: () => '/staff/minutes/import' },
  { name: 'change a person’s details', route: 'show-person-edit', who: 'staff', at: VIEW_AT, path: () => `/staff/people/${ids.personId}/edit` },
  { name: 'staff meetings', route: 'show-meetings', who: 'staff', at: VIEW_AT, path: () => '/staff/meetings' },
  { name: 'staff meeting (December)', route: 'show-meeting', who: 'staff', at: VIEW_AT, path: (w) => `/staff/meetings/${w.meetingId}` },
  { name: 'staff meeting (September, with its actions)', route: 'show-meeting', who: 'staff', at: VIEW_AT, path: (w) => `/staff/meetings/${w.earlierMeetingId}` },
  { name: 'future agenda topics', route: 'show-topics', who: 'staff', at: VIEW_AT, path: () => '/staff/topics' },
  { name: 'request a paper', route: 'show-request-form', who: 'staff', at: VIEW_AT, path: (w) => `/staff/meetings/${w.meetingId}/requests/new` },
  { name: 'actions', route: 'show-actions', who: 'staff', at: VIEW_AT, path: () => '/staff/actions' },
  ...STATES.map(
    (state): PageCheck => ({ name: `staff request page, ${state}`, route: 'show-request', who: 'staff', at: VIEW_AT, path: (w) => `/staff/meetings/${w.meetingId}/requests/${w.requests[state].id}` }),
  ),
  { name: 'question review queue', route: 'show-question-queue', who: 'staff', at: VIEW_AT, path: (w) => `/staff/meetings/${w.meetingId}/questions` },
  { name: 'question review queue, accepted', route: 'show-question-queue', who: 'staff', at: VIEW_AT, path: (w) => `/staff/meetings/${w.meetingId}/questions?status=accepted` },
  { name: 'question review queue, grouped', route: 'show-question-queue', who: 'staff', at: VIEW_AT, path: (w) => `/staff/meetings/${w.meetingId}/questions?status=grouped` },
  { name: 'question review queue, a bad page link (400)', route: 'show-question-queue', who: 'staff', at: VIEW_AT, path: (w) => `/staff/meetings/${w.meetingId}/questions?cursor=nonsense`, status: 400 },
  { name: 'reminders', route: 'show-reminders', who: 'staff', at: VIEW_AT, path: (w) => `/staff/meetings/${w.meetingId}/reminders` },
  // ---- after the meeting: attendance and minutes (issue 13 §1, §2) ----
  { name: 'public minutes (September, published as a draft)', route: 'show-public-minutes', who: 'public', at: VIEW_AT, path: (w) => `/meetings/${w.earlierMeetingId}/minutes` },
  { name: 'public minutes while a draft (404)', route: 'show-public-minutes', who: 'public', at: AFTER_MEETING, path: (w) => `/meetings/${w.meetingId}/minutes`, status: 404 },
  { name: 'staff minutes (September, published as a draft)', route: 'show-minutes', who: 'staff', at: VIEW_AT, path: (w) => `/staff/meetings/${w.earlierMeetingId}/minutes` },
  { name: 'staff minutes (December, being written)', route: 'show-minutes', who: 'staff', at: AFTER_MEETING, path: (w) => `/staff/meetings/${w.meetingId}/minutes` },
  { name: 'attendance (September)', route: 'show-attendance', who: 'staff', at: VIEW_AT, path: (w) => `/staff/meetings/${w.earlierMeetingId}/minutes/attendance` },
  { name: 'attendance (December, from the people list)', route: 'show-attendance', who: 'staff', at: AFTER_MEETING, path: (w) => `/staff/meetings/${w.meetingId}/minutes/attendance` },
  { name: 'approve September’s minutes at December’s meeting', route: 'show-minutes-approval', who: 'staff', at: AFTER_MEETING, path: (w) => `/staff/meetings/${w.earlierMeetingId}/minutes/approve` },
  { name: 'a staff page to someone outside the staff group (403, with sign-out)', who: 'observer', at: VIEW_AT, path: () => '/staff/meetings', status: 403 },
];

/** GET page routes that answer something other than an HTML page, and the check that they do. */
const NOT_HTML: Partial<Record<RouteName, { answers: string; check: (w: RealisticWorld, cookie: string) => Promise<void> }>> = {
  'auth-callback': {
    answers: 'a redirect (Cognito’s hosted sign-in returns here; locally, to the sign-in page)',
    check: async (w) => {
      const res = await call(w.base, { method: 'GET', path: '/auth/callback' });
      expect(res.status).toBe(303);
      expect(res.location).toBe('/sign-in');
    },
  },
  'download-staff-paper': {
    answers: 'a redirect to a short-lived link to the file',
    check: async (w, cookie) => {
      const r = w.requests['on-time'];
      const res = await call(w.base, { method: 'GET', path: `/staff/meetings/${w.meetingId}/requests/${r.id}/papers/${r.versionId}`, cookie, now: VIEW_AT });
      expect(res.status).toBe(303);
      expect(res.location).toMatch(/^https?:\/\//);
    },
  },
  'download-public-paper': {
    answers: 'a redirect to a short-lived link to the published file',
    check: async (w) => {
      const res = await call(w.base, { method: 'GET', path: `/meetings/${w.meetingId}/papers/${w.requests.published.id}`, now: VIEW_AT });
      expect(res.status).toBe(303);
      expect(res.location).toMatch(/^https?:\/\//);
    },
  },
  'export-questions': {
    answers: 'a CSV file',
    check: async (w, cookie) => {
      const res = await call(w.base, { method: 'GET', path: `/staff/meetings/${w.meetingId}/questions.csv`, cookie, now: VIEW_AT });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(res.text.split('\r\n').filter(Boolean).length).toBe(31); // a heading and 30 questions
    },
  },
};

/** A .docx answer: a ZIP whose document part names what the minutes say. */
async function checkDocx(url: string, cookie?: string) {
  const res = await fetch(url, { headers: { ...(cookie ? { cookie } : {}), 'x-scrutiny-now': VIEW_AT } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  const { unzipSync, strFromU8 } = await import('fflate');
  const xml = strFromU8(unzipSync(new Uint8Array(await res.arrayBuffer()))['word/document.xml']!);
  expect(xml).toContain('John Robins QPM');
  expect(xml).toContain('reporting portal for partners');
}
NOT_HTML['download-staff-minutes'] = { answers: 'a Word document (.docx)', check: (w, cookie) => checkDocx(`${w.base}/staff/meetings/${w.earlierMeetingId}/minutes.docx`, cookie) };
NOT_HTML['download-public-minutes'] = { answers: 'a Word document (.docx) of published minutes', check: (w) => checkDocx(`${w.base}/meetings/${w.earlierMeetingId}/minutes.docx`) };

const pageRoutes = routeList.filter((r) => r.kind === 'page' && r.method === 'GET').map((r) => r.name as RouteName);

let browser: Browser;
let world: RealisticWorld;
let cookie: string;
/** A topic and a person of the world (read through the API once it is made). */
const ids = { topicId: '', personId: '' };
const contexts = new Map<string, Promise<BrowserContext>>();

function contextFor(who: Who, at: string): Promise<BrowserContext> {
  const key = `${who}@${at}`;
  let context = contexts.get(key);
  if (!context) {
    context = who === 'staff' ? staffContext(browser, at) : who === 'observer' ? staffContext(browser, at, 'observer@example.org') : contextAt(browser, at);
    contexts.set(key, context);
  }
  return context;
}

beforeAll(async () => {
  [browser, world] = await Promise.all([launch(), makeRealisticWorld()]);
  cookie = await signIn();
  const token = await tokenFor();
  const [topics, people] = await Promise.all([
    call(world.base, { method: 'GET', path: '/api/topics', token }),
    call(world.base, { method: 'GET', path: '/api/people', token }),
  ]);
  ids.topicId = topics.json.topics.find((t: { requestId?: string }) => t.requestId === world.requests.overdue.id).id;
  ids.personId = people.json.people[0].id;
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await world?.stack.close();
});

describe('every page', () => {
  it('covers every GET page route of the route table (or says what it answers instead of a page)', () => {
    const covered = new Set([...PAGES.map((p) => p.route), ...Object.keys(NOT_HTML)]);
    expect(pageRoutes.filter((name) => !covered.has(name)), 'GET page routes with no entry in PAGES or NOT_HTML').toEqual([]);
    expect(PAGES.filter((p) => p.route && !pageRoutes.includes(p.route)).map((p) => p.name), 'entries naming no GET page route').toEqual([]);
  });

  // Three pages at a time in the one browser: the checks only read, and the file is the suite's longest.
  for (const p of PAGES) {
    it.concurrent(`${p.name} fits 375 and 1280 px with no axe finding`, async ({ expect }) => {
      const problems = await pageProblems(await contextFor(p.who, p.at), world.base + p.path(world), p.status ?? 200);
      expect(problems).toEqual([]);
    }, 240_000); // two widths, axe on each: a long page on a busy machine takes a while
  }

  it('checks the staff home with an email that did not go (the realistic world’s bounced address), not an empty list', async () => {
    const home = await call(world.base, { method: 'GET', path: '/staff', cookie: `session=${await tokenFor()}`, now: VIEW_AT });
    expect(home.text).toContain('id="emails-table"');
    expect(home.text).toContain('Not sent: the address bounced');
  });

  for (const [name, n] of Object.entries(NOT_HTML)) {
    it(`${name} answers ${n!.answers}`, async () => {
      await n!.check(world, cookie);
    });
  }
});
