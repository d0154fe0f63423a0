/**
 * Regenerates shared/domain/london-offsets.json: every change of London's UTC offset from 1970 to
 * 2199, read from this Node's ICU time-zone data (Intl), so the runtime converts London time with a
 * table lookup instead of loading a date library and ICU's zone data on every cold start
 * (`npm run bench` measured Luxon at 70 KB of each bundle and ~30 ms of each cold start).
 *
 * Run with `npm run london-time`. Re-run if the UK ever changes its clock rules;
 * test/unit/domain/time.test.ts compares the table with Intl on random instants.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FIRST_YEAR = 1970;
const LAST_YEAR = 2199;
const HOUR = 3_600_000;

const fmt = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'longOffset' });
/** London's offset from UTC at an instant, in minutes ("GMT+01:00" → 60). */
function offsetAt(ms: number): number {
  const name = fmt.formatToParts(ms).find((p) => p.type === 'timeZoneName')!.value;
  const m = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name);
  if (!m) throw new Error(`Unexpected offset name ${name}`);
  return m[1] ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

const start = Date.UTC(FIRST_YEAR, 0, 1);
const end = Date.UTC(LAST_YEAR + 1, 0, 1);
const transitions: [number, number][] = [];
let current = offsetAt(start);
const initial = current;
// Clocks change at most once a day: step by day, then find the hour (UK changes fall on the hour).
for (let day = start; day < end; day += 24 * HOUR) {
  if (offsetAt(day + 24 * HOUR) === current) continue;
  for (let h = day + HOUR; h <= day + 24 * HOUR; h += HOUR) {
    const offset = offsetAt(h);
    if (offset !== current) {
      transitions.push([h / 1000, offset]);
      current = offset;
      break;
    }
  }
}

/**
 * The changes packed into one string (the table is in every function's bundle: 7 KB as JSON pairs,
 * 2 KB so): each change is the hours since the previous one (the first: since the epoch) in base
 * 36, then its offset in quarter hours as one base-36 digit, changes separated by commas. UK
 * changes fall on the hour, which `hourly` checks.
 */
const hourly = transitions.every(([seconds]) => seconds % 3600 === 0);
if (!hourly) throw new Error('A change not on the hour: the packed format cannot hold it');
let previousHour = 0;
const packed = transitions
  .map(([seconds, offset]) => {
    const hour = seconds / 3600;
    const token = (hour - previousHour).toString(36) + (offset / 15).toString(36);
    previousHour = hour;
    return token;
  })
  .join(',');

const out = {
  source: `ICU ${process.versions.icu} (tz ${process.versions.tz}) via Intl, Node ${process.version}`,
  zone: 'Europe/London',
  from: `${FIRST_YEAR}-01-01T00:00:00Z`,
  to: `${LAST_YEAR + 1}-01-01T00:00:00Z`,
  /** Offset in minutes before the first transition. */
  initialOffset: initial,
  /** See `packed` above; shared/domain/time.ts unpacks it. */
  changes: packed,
};
const target = fileURLToPath(new URL('../../shared/domain/london-offsets.json', import.meta.url));
const json = JSON.stringify(out, null, 2);
writeFileSync(target, json + '\n');
console.log(`Wrote ${transitions.length} offset changes (${FIRST_YEAR}-${LAST_YEAR}) to ${target}`);
