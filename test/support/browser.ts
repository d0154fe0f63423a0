/** Real Chromium (Debian's package) driven by playwright-core; no downloaded browser. */
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage', '--disable-component-update', '--no-first-run'],
  });
}

/** A browser context whose every request carries the injected clock (local stack only). */
export function contextAt(browser: Browser, now?: string, javaScript = true): Promise<BrowserContext> {
  return browser.newContext({ javaScriptEnabled: javaScript, extraHTTPHeaders: now ? { 'x-scrutiny-now': now } : {} });
}
