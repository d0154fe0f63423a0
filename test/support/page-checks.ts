/**
 * The checks every page is held to, in real Chromium: at 375 px and at 1280 px wide the document is
 * no wider than the viewport (nothing scrolls sideways), and axe-core with the WCAG 2.2 AA tags
 * finds no violation. Run them on pages holding realistic data, not an empty table.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { endpoints, signIn } from './http.js';
import { contextAt } from './browser.js';

/** axe-core's tags for WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
export const WIDTHS = [375, 1280] as const;

/** axe-core itself, put into the page as it is. */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's findings on the page, as "rule (impact): target — help" lines (empty when there are
 * none). axe-core runs in the page directly (put in once per page load), asked for violations only:
 * (@axe-core/playwright's `analyze()` gives the same findings but opens a second page to collect
 * them: about a second a call, which at two widths of every page was most of `npm test`.)
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(AXE_SOURCE);
  const results = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_22_AA)} }, resultTypes: ['violations'] })`,
  )) as { violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[] };
  return results.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${v.help}`));
}

/** How much wider than its viewport the document is (0 when it fits), with the widest offender named. */
export async function overflow(page: Page): Promise<{ excess: number; widest?: string }> {
  // Runs in the page (written as a string: this project's TypeScript has no DOM types).
  return page.evaluate(`(() => {
    const viewport = document.documentElement.clientWidth;
    const excess = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - viewport;
    if (excess <= 0) return { excess: 0 };
    // The element reaching furthest right, outside any scrolling container: where to look first.
    let widest, right = viewport;
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect().right;
      if (r > right && !el.closest('.app-table-container')) { widest = el; right = r; }
    }
    const name = widest
      ? widest.tagName.toLowerCase() + (widest.id ? '#' + widest.id : '') +
        (typeof widest.className === 'string' && widest.className.trim() ? '.' + widest.className.trim().split(/\\s+/).join('.') : '')
      : undefined;
    return { excess, widest: name };
  })()`);
}

/** The page as it is now, at `width` (its viewport already set): sideways overflow and axe findings, as lines naming `what`. */
export async function problemsAt(page: Page, what: string, width: number): Promise<string[]> {
  const problems: string[] = [];
  const { excess, widest } = await overflow(page);
  if (excess > 0) problems.push(`${what} at ${width} px: ${excess} px wider than the viewport (widest: ${widest})`);
  for (const v of await axeViolations(page)) problems.push(`${what} at ${width} px: ${v}`);
  return problems;
}

/** The page as it is now (a page a post answered, which cannot be reached twice), at each width in turn. */
export async function problemsHere(page: Page, what: string): Promise<string[]> {
  const problems: string[] = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    problems.push(...(await problemsAt(page, what, width)));
  }
  return problems;
}

/**
 * Opens `path` at each width and answers every problem found, as lines naming the width and the page
 * (empty when it passes). `expectStatus` guards against checking an error page by mistake. `path` is
 * on the shared local stack, or a full URL (a private stack's page).
 */
export async function pageProblems(context: BrowserContext, path: string, expectStatus = 200): Promise<string[]> {
  const page = await context.newPage();
  const problems: string[] = [];
  try {
    // Loaded once, then checked at each width in turn (the layout follows the viewport; axe is put in once).
    await page.setViewportSize({ width: WIDTHS[0], height: 900 });
    const res = await page.goto(/^https?:\/\//.test(path) ? path : endpoints().app + path);
    if (res?.status() !== expectStatus) return [`${path}: status ${res?.status()}, expected ${expectStatus}`];
    problems.push(...(await problemsHere(page, path)));
  } finally {
    await page.close();
  }
  return problems;
}

/** A browser context signed in as staff (the real sign-in form's session cookie), with the clock at `now`. */
export async function staffContext(browser: Browser, now?: string, email?: string): Promise<BrowserContext> {
  const context = await contextAt(browser, now);
  const cookie = await signIn(email);
  const at = cookie.indexOf('=');
  await context.addCookies([{ name: cookie.slice(0, at), value: cookie.slice(at + 1), url: endpoints().app }]);
  return context;
}
