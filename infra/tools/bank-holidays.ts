/**
 * Regenerates shared/domain/bank-holidays.json from the date-holidays library.
 *
 * Run with `npx tsx infra/tools/bank-holidays.ts` (or `npm run bank-holidays`).
 * The runtime code imports only the JSON, so date-holidays (a dev dependency)
 * never ends up in a Lambda bundle. Re-run when the library learns of a new
 * one-off bank holiday, and check the diff against GOV.UK.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import Holidays from 'date-holidays';

const FIRST_YEAR = 2015;
const LAST_YEAR = 2040;

const require = createRequire(import.meta.url);
const { version } = JSON.parse(readFileSync(require.resolve('date-holidays/package.json'), 'utf8')) as {
  version: string;
};

// England and Wales share one set of bank holidays; Scotland and NI differ.
const hd = new Holidays('GB', 'ENG');
const byDate = new Map<string, string>();
for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
  for (const h of hd.getHolidays(year)) {
    // 'public' = bank holidays; other types are observances (e.g. Mother's Day).
    if (h.type !== 'public') continue;
    const date = h.date.slice(0, 10); // "2022-06-03 00:00:00" -> "2022-06-03"
    // Should never collide, but never drop a name silently if it does.
    byDate.set(date, byDate.has(date) ? `${byDate.get(date)}; ${h.name}` : h.name);
  }
}

// A map of date to name: the smallest shape (every function bundle carries it), one holiday a line.
const names = Object.fromEntries([...byDate.entries()].sort(([a], [b]) => a.localeCompare(b)));

const out = {
  source: `date-holidays ${version} GB/ENG (England and Wales)`,
  generated: new Date().toISOString().slice(0, 10),
  names,
};

const target = fileURLToPath(new URL('../../shared/domain/bank-holidays.json', import.meta.url));
// One holiday a line keeps regenerated diffs easy to review.
writeFileSync(target, JSON.stringify(out, null, 2) + '\n');
console.log(`Wrote ${Object.keys(names).length} bank holidays (${FIRST_YEAR}-${LAST_YEAR}) to ${target}`);
