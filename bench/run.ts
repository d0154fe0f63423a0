/**
 * `npm run bench`: every figure beside its baseline, measured in the same run, as a table; and all
 * of it in bench/results/latest.json so runs can be compared. Starts its own local stack (as the
 * tests do). Never part of `npm test`'s pass or fail; README "Measured" has the latest figures.
 *
 * Sections (all by default; `--only cold,overhead,sweep,burst,search`):
 *  1. cold      bundle sizes, and load-and-answer in fresh processes, against a bare GetItem function
 *  2. overhead  each handler against the raw SDK calls it makes; 3. DynamoDB calls per request
 *  4. sweep     the reminder sweep against meetings in the horizon (1, 10, 50) x reminders due (0, 100, 1,000), and idle at 2,000 questions
 *  5. burst     1,000 question posts at 50 in flight, beside DynamoDB Local's PutItem throughput
 *  6. search    the archive search's index build and query at 1x, 10x, 100x a year (pure; also `npx tsx bench/search.ts`)
 *
 * Options: --runs N (cold-start processes per function, default 10) --parallel N (default 2)
 * --calls N (overhead calls per API route wanted, default 2000) --page-calls N (default 2000)
 * --route-seconds S (time cap per route in the overhead section, default 1.2)
 * --submissions N (default 1000) --in-flight N (default 50)
 * --sweep-meetings a,b (default 1,10,50) --sweep-due a,b (default 0,100,1000) --sweep-questions N (default 2000)
 * --functions a,b (only these functions in sections 1-3).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { routes, type RouteName } from '../shared/routes.js';
import { spawnLocalStack } from '../infra/local/spawn-stack.js';
import { BUNDLE_LIMIT, coldStart, type ColdRow, type ColdTimes } from './cold-start.js';
import { overhead } from './overhead.js';
import { sweepGrowth } from './sweep.js';
import { burst } from './burst.js';
import { searchBench } from './search.js';
import { kb, ms, ratio, table } from './lib/stats.js';

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    runs: { type: 'string', default: '10' },
    parallel: { type: 'string', default: '2' },
    calls: { type: 'string', default: '2000' },
    'page-calls': { type: 'string', default: '2000' },
    'route-seconds': { type: 'string', default: '1.2' },
    'min-calls': { type: 'string', default: '30' },
    submissions: { type: 'string', default: '1000' },
    'in-flight': { type: 'string', default: '50' },
    functions: { type: 'string' },
    'sweep-meetings': { type: 'string' },
    'sweep-due': { type: 'string' },
    'sweep-questions': { type: 'string' },
  },
});
const sections = new Set((args.only ?? 'cold,overhead,sweep,burst,search').split(','));
const only = args.functions?.split(',');
const started = performance.now();
const log = (s: string) => console.log(s);
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT MET');
const results: Record<string, unknown> = {
  at: new Date().toISOString(),
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform },
  options: args,
};

// How busy the machine was (issue 15 §5): the 1, 5 and 15-minute load averages before and after
// each section, printed and in latest.json, beside the number of cores.
const loads: Record<string, { before: number[]; after: number[] }> = {};
results.load = { cpus: cpus().length, sections: loads };
const fmtLoad = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
function loadAt(section: string, when: 'before' | 'after') {
  const now = loadavg();
  (loads[section] ??= { before: [], after: [] })[when] = now;
  log(`Load average (1 / 5 / 15 min) ${when} ${section}: ${fmtLoad(now)} on ${cpus().length} cores.`);
}

console.log('Starting the local stack (DynamoDB Local, SES and S3 emulators, the local server)...');
// The question rate limit is a setting: raised for the burst, which posts from one address.
const stack = await spawnLocalStack({ env: { POWERTOOLS_LOG_LEVEL: 'ERROR', QUESTION_RATE_LIMIT_PER_HOUR: '1000000', QUESTION_ACKS_PER_HOUR: '1000000', QUESTION_ACKS_PER_ADDRESS_PER_DAY: '1000000' }, output: 'quiet' });
const e = stack.endpoints;
try {
  // Cold starts first, while the table holds little more than the sample cycle: the overhead
  // section creates hundreds of meetings, topics and actions, which list pages would then render.
  if (sections.has('cold')) {
    log('\n== 1. Cold start proxy (bundles as CDK builds them; fresh Node processes) ==');
    loadAt('cold', 'before');
    log(`Node ${process.version} here; Lambda runs the stack's runtime (nodejs24.x; Node 22 or 24), which is not installable on this machine: times are Node ${process.version.split('.')[0]}'s.`);
    const { rows, baseline, configs } = await coldStart(e, { runs: Number(args.runs), parallel: Number(args.parallel), only, log });
    const medianOf = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const summary = (pick: (r: ColdRow | typeof baseline) => ColdTimes) => {
      const ratios = rows.map((r) => pick(r).ratio);
      const within = ratios.filter((x) => x <= 1.5).length;
      const median = medianOf(ratios);
      return { within, of: rows.length, worst: Math.max(...ratios), median, everyWithin: within === rows.length, medianWithin: median <= 1.3, medianCpuRatio: medianOf(rows.map((r) => pick(r).cpuRatio)) };
    };
    const main = summary((r) => r);
    const second = summary((r) => r.other);
    log(`Configurations: the main figures as deployed (${configs[0]!.label}); "other": ${configs[1]!.label}.`);
    log(
      table(
        ['function', 'kind', 'bundle', '< 300 KB', 'with SDK', 'map', 'load', 'answer', 'load+answer', 'ratio', 'target 1.5x', 'CPU', 'CPU ratio', 'other: load+answer', 'other: ratio', 'other: CPU', 'answered'],
        [
          [`baseline (GetItem)`, '', kb(baseline.bytes), '', kb(baseline.bytesWithSdk), kb(baseline.mapBytes), ms(baseline.loadMs), ms(baseline.answerMs), ms(baseline.totalMs), '1.00x', '', ms(baseline.cpuMs), '1.00x', ms(baseline.other.totalMs), '1.00x', ms(baseline.other.cpuMs), baseline.statuses.join(' ')],
          ...rows.map((r) => [r.name, r.kind, kb(r.bytes), verdict(r.bytes < BUNDLE_LIMIT), kb(r.bytesWithSdk), kb(r.mapBytes), ms(r.loadMs), ms(r.answerMs), ms(r.totalMs), ratio(r.ratio), verdict(r.ratio <= 1.5), ms(r.cpuMs), ratio(r.cpuRatio), ms(r.other.totalMs), ratio(r.other.ratio), ms(r.other.cpuMs), [...new Set([...r.statuses, ...r.other.statuses])].join(' ')]),
        ],
      ),
    );
    const line = (label: string, x: typeof main) =>
      `${label}: ${x.within} of ${x.of} within 1.5x of the baseline (worst ${ratio(x.worst)}): every function <= 1.5x ${verdict(x.everyWithin)}; median ratio ${ratio(x.median)}, target <= 1.3x ${verdict(x.medianWithin)} (median CPU-time ratio ${ratio(x.medianCpuRatio)}).`;
    log(
      `Medians of ${args.runs} fresh processes per function and configuration, ${args.parallel} at a time, the baseline among them every round. ` +
        `${rows.filter((r) => r.bytes < BUNDLE_LIMIT).length} of ${rows.length} bundles under 300 KB (largest ${kb(Math.max(...rows.map((r) => r.bytes)))}).`,
    );
    log(line(`As deployed (${configs[0]!.label})`, main));
    log(line(`Other (${configs[1]!.label})`, second));
    const extra = (pick: (r: ColdRow | typeof baseline) => number) => medianOf(rows.map(pick));
    log(
      `The deployed configuration against the other: baseline ${ms(baseline.totalMs)} vs ${ms(baseline.other.totalMs)}; median function ${ms(extra((r) => r.totalMs))} vs ${ms(extra((r) => r.other.totalMs))} ` +
        `(median difference per function ${ms(extra((r) => r.totalMs - r.other.totalMs))}); CPU time: baseline ${ms(baseline.cpuMs)} vs ${ms(baseline.other.cpuMs)}, median function ${ms(extra((r) => r.cpuMs))} vs ${ms(extra((r) => r.other.cpuMs))}.`,
    );
    if (Number(args.runs) < 10) log(`Note: ${args.runs} processes per function, not the 10 the target asks for (the default).`);
    results.coldStart = { node: process.version, configs, baseline, rows, deployed: main, other: second };
    loadAt('cold', 'after');
  }

  if (sections.has('overhead')) {
    log('\n== 2. Handler overhead (in one process, against DynamoDB Local) ==');
    loadAt('overhead', 'before');
    const rows = await overhead(e, {
      apiCalls: Number(args.calls),
      pageCalls: Number(args['page-calls']),
      secondsPerRoute: Number(args['route-seconds']),
      minCalls: Number(args['min-calls']),
      only,
      log,
    });
    const capped = rows.filter((r) => r.calls < Number(r.kind === 'api' ? args.calls : args['page-calls'])).length;
    log(
      table(
        ['route', 'kind', 'calls', 'handler p50', 'handler p99', 'raw p50', 'raw p99', 'p50 ratio', 'target 1.2x', 'answers'],
        rows.map((r) => {
          // A route that makes no SDK call has no raw baseline: its time is all ours.
          const none = !r.dynamoCalls && !r.otherCalls.length;
          return [r.route, r.kind, r.calls, ms(r.handler.p50), ms(r.handler.p99), none ? 'no calls' : ms(r.raw.p50), none ? '' : ms(r.raw.p99), none ? 'n/a' : ratio(r.ratio), none ? '' : verdict(r.ratio <= 1.2), Object.entries(r.statuses).map(([s, n]) => `${s}x${n}`).join(' ')];
        }),
      ),
    );
    const measured = rows.filter((r) => r.dynamoCalls || r.otherCalls.length);
    const ratios = measured.map((r) => r.ratio).sort((a, b) => a - b);
    const extra = measured.map((r) => r.handler.p50 - r.raw.p50).sort((a, b) => a - b);
    log(
      `Median ratio over the ${measured.length} routes that make SDK calls: ${ratio(ratios[Math.floor(ratios.length / 2)]!)} ` +
        `(our code's median time on top of the calls: ${ms(extra[Math.floor(extra.length / 2)]!)}); ${measured.filter((r) => r.ratio <= 1.2).length} of ${measured.length} within 1.2x.`,
    );
    if (capped) log(`Note: ${capped} routes got fewer calls than asked (${args.calls} API, ${args['page-calls']} page) to keep the bench under 10 minutes: at most ${args['route-seconds']} s each, at least ${args['min-calls']} calls. Their "calls" column says how many.`);

    log('\n== 3. DynamoDB calls per request (SDK middleware; the route table\'s budget) ==');
    log(
      table(
        ['route', 'method', 'calls', 'budget', 'within', 'read route: 1 call', 'commands', 'other services'],
        rows.map((r) => {
          const read = routes[r.route as RouteName].method === 'GET';
          return [r.route, r.method, r.dynamoCalls, r.budget, verdict(r.dynamoCalls <= r.budget), read ? (r.dynamoCalls <= 1 ? 'yes' : `no (${r.dynamoCalls})`) : '', r.dynamoCommands.join(' ') || '-', r.otherCalls.join(' ')];
        }),
      ),
    );
    const reads = rows.filter((r) => routes[r.route as RouteName].method === 'GET');
    log(`${rows.filter((r) => r.dynamoCalls <= r.budget).length} of ${rows.length} routes within their budget; ${reads.filter((r) => r.dynamoCalls <= 1).length} of ${reads.length} read routes make at most one call. (npm test fails if a route exceeds its budget: test/integration/events.test.ts.)`);
    results.overhead = rows;
    loadAt('overhead', 'after');
  }

  if (sections.has('sweep')) {
    log('\n== 4. Reminder sweep growth (functions/send-reminders.ts): meetings in the horizon x reminders due ==');
    loadAt('sweep', 'before');
    const list = (v: string | undefined) => v?.split(',').map(Number);
    const g = await sweepGrowth(e, { log, meetings: list(args['sweep-meetings']), due: list(args['sweep-due']), questions: args['sweep-questions'] ? Number(args['sweep-questions']) : undefined });
    log(
      table(
        ['meetings', 'due', 'queued', 'DynamoDB requests', 'capacity units', 'time', 'commands'],
        g.cells.map((c) => [c.meetings, c.due, c.queued, c.requests, c.capacityUnits, ms(c.ms), Object.entries(c.commands).map(([k, n]) => `${k}x${n}`).join(' ')]),
      ),
    );
    log(`Idle with ${g.idleQuestions.questions.toLocaleString('en-GB')} accepted questions in one meeting: ${g.idleQuestions.requests} DynamoDB request(s), ${g.idleQuestions.capacityUnits} capacity units, ${ms(g.idleQuestions.ms)}.`);
    log(`Verdict: ${g.verdict}`);
    log('Each run measured queued exactly the reminders due and finished (the success path); each cell a table of its own, a first sweep (not measured) having looked at what was written.');
    results.sweep = g;
    loadAt('sweep', 'after');
  }

  if (sections.has('burst')) {
    log('\n== 5. Burst: public questions against the local server ==');
    loadAt('burst', 'before');
    const b = await burst(e, { submissions: Number(args.submissions), inFlight: Number(args['in-flight']), log });
    const fivexx = Object.entries(b.statuses).filter(([s]) => Number(s) >= 500).reduce((n, [, c]) => n + c, 0);
    const storedOnce = b.stored.questions === b.submissions && b.stored.contacts === b.submissions && b.stored.submissions === b.submissions && b.stored.distinctReferences === b.submissions;
    log(
      table(
        ['what', 'count', 'in flight', 'time', 'per second', 'p50', 'p99', 'ratio'],
        [
          ['question posts (the local server)', b.submissions, b.inFlight, `${b.seconds.toFixed(1)} s`, b.perSecond.toFixed(0), ms(b.p50), ms(b.p99), ratio(b.perSecond / b.putItem.perSecond)],
          ['DynamoDB Local PutItem (baseline)', b.putItem.puts, b.inFlight, `${b.putItem.seconds.toFixed(1)} s`, b.putItem.perSecond.toFixed(0), '', '', '1.00x'],
        ],
      ),
    );
    log(`Answers: ${JSON.stringify(b.statuses)}; no 5xx: ${verdict(fivexx === 0)}. Stored: ${b.stored.questions} questions, ${b.stored.contacts} contacts, ${b.stored.submissions} submissions, ${b.stored.distinctReferences} distinct references; each once: ${verdict(storedOnce)}.`);
    log(`Repeats: ${b.repeats.sent} posts sent again answered with the same reference ${b.repeats.sameReference} times; questions afterwards ${b.repeats.storedAfter}: ${verdict(b.repeats.sameReference === b.repeats.sent && b.repeats.storedAfter === b.submissions)}.`);
    log(`Each post is ${5} DynamoDB calls (one a 3-item transaction), a page and an email rendered, and a send to the SES emulator, all in the one local server process.`);
    results.burst = { ...b, fivexx, storedOnce };
    loadAt('burst', 'after');
  }

  if (sections.has('search')) {
    log('\n== 6. Archive search: the in-memory index at 1x, 10x, 100x a West Yorkshire year (bench/search.ts) ==');
    loadAt('search', 'before');
    const s = searchBench();
    log(s.text);
    results.search = s.figures;
    loadAt('search', 'after');
  }
} finally {
  await stack.stop();
}

const seconds = (performance.now() - started) / 1000;
results.seconds = seconds;
mkdirSync(join(process.cwd(), 'bench/results'), { recursive: true });
writeFileSync(join(process.cwd(), 'bench/results/latest.json'), `${JSON.stringify(results, null, 2)}\n`);
log(`\nDone in ${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s. Figures in bench/results/latest.json.`);
process.exit(0);
