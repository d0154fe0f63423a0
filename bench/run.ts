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
 * --calls N (overhead calls per API route wanted, default 300) --page-calls N (default 300)
 * --route-seconds S (time cap per route in the overhead section, default 0.8)
 * --submissions N (default 1000) --in-flight N (default 50)
 * --sweep-meetings a,b (default 1,10,50) --sweep-due a,b (default 0,100,1000) --sweep-questions N (default 2000)
 * --functions a,b (only these functions in sections 1-3).
 * Section 2 (per route, two worlds): --worlds realistic,stress --world-scale F (smaller worlds, for trying it out)
 * --write-calls N (routes whose state is made before each call, default 25) --stress-calls N (default 5)
 * --profile 0|1 --profile-calls N --profile-routes a,b (instead of the three worst).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { routes, type RouteName } from '../shared/routes.js';
import { spawnLocalStack } from '../infra/local/spawn-stack.js';
import { BUNDLE_LIMIT, coldStart, type ColdRow, type ColdTimes } from './cold-start.js';
import { overhead, type OverheadRow } from './overhead.js';
import { buildWorld, dropWorld, type WorldName } from './lib/worlds.js';
import { planOf } from './lib/plans.js';
import type { Prepared } from './lib/fresh.js';
import { staffToken } from './lib/world.js';
import { profileRoutes, type RouteProfile } from './lib/profile.js';
import { sweepGrowth, type SweepGrowth } from './sweep.js';
import { burst } from './burst.js';
import { searchBench } from './search.js';
import { kb, ms, ratio, table } from './lib/stats.js';
import { costModel, JOBS, PRICES, YEARLY_MIX } from './cost.js';

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    runs: { type: 'string', default: '10' },
    parallel: { type: 'string', default: '2' },
    calls: { type: 'string', default: '300' },
    'page-calls': { type: 'string', default: '300' },
    'route-seconds': { type: 'string', default: '0.8' },
    'min-calls': { type: 'string', default: '30' },
    submissions: { type: 'string', default: '1000' },
    'in-flight': { type: 'string', default: '50' },
    functions: { type: 'string' },
    'sweep-meetings': { type: 'string' },
    'sweep-due': { type: 'string' },
    'sweep-questions': { type: 'string' },
    worlds: { type: 'string', default: 'realistic,stress' },
    'world-scale': { type: 'string', default: '1' },
    'write-calls': { type: 'string', default: '25' },
    'stress-calls': { type: 'string', default: '5' },
    profile: { type: 'string', default: '1' },
    'profile-calls': { type: 'string', default: '200' },
    'profile-routes': { type: 'string' },
  },
});
const sections = new Set((args.only ?? 'cold,overhead,sweep,burst,search,cost').split(','));
const only = args.functions?.split(',');
const started = performance.now();
const log = (s: string) => console.log(s);
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT MET');
const results: Record<string, unknown> = {
  at: new Date().toISOString(),
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform },
  options: args,
  worlds: {},
};
let exitCode = 0;
let profiles: (RouteProfile & { ratio: number })[] = [];

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
const token = await staffToken(e);
const worldEnv = { POWERTOOLS_LOG_LEVEL: 'ERROR', QUESTION_RATE_LIMIT_PER_HOUR: '1000000', QUESTION_ACKS_PER_HOUR: '1000000', QUESTION_ACKS_PER_ADDRESS_PER_DAY: '1000000', OUTBOX_SEND_RATE_PER_SECOND: '1000' };
try {
  // Cold starts first, while the table holds little more than the sample cycle: the overhead
  // section creates hundreds of meetings, topics and actions, which list pages would then render.
  if (sections.has('cold')) {
    log('\n== 1. Cold start proxy (bundles as CDK builds them; fresh Node processes) ==');
    loadAt('cold', 'before');
    log(`Node ${process.version} here; Lambda runs the stack's runtime (nodejs24.x; Node 22 or 24), which is not installable on this machine: times are Node ${process.version.split('.')[0]}'s.`);
    // Every process answers on its success path: state of its own, made before it starts (bench/lib/plans.ts),
    // in the realistic world (its table; the processes are pointed at it).
    const coldWorld = await buildWorld('realistic', e, token, log, worldEnv, Number(args['world-scale']));
    const fresh = coldWorld.fresh;
    const onceMade = new Map<RouteName, Prepared>();
    const eventFor = async (name: RouteName) => {
      const plan = planOf(name);
      let prepared = plan.mode === 'once' ? onceMade.get(name) : undefined;
      if (!prepared) prepared = await plan.prepare(fresh);
      if (plan.mode === 'once') onceMade.set(name, prepared);
      return fresh.event(name, prepared);
    };
    const { rows, baseline, configs } = await coldStart(e, { runs: Number(args.runs), parallel: Number(args.parallel), only, log, events: { table: coldWorld.endpoints.table, eventFor } });
    const failing = rows.filter((r) => [...r.statuses, ...r.other.statuses].some((x) => Number(x) >= 400));
    log(failing.length ? `NOT MET: ${failing.length} functions answered an error in some process: ${failing.map((r) => `${r.name} (${[...new Set([...r.statuses, ...r.other.statuses])].join(' ')})`).join(', ')}.` : 'Every process of every function answered 2xx/3xx (the success path): met.');
    if (failing.length) exitCode = 1;
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
    results.coldStart = { node: process.version, configs, baseline, rows, deployed: main, other: second, failing: failing.map((r) => r.name) };
    // Dropped: its processes' fresh state (hundreds of meetings, topics, actions) leaves it no longer
    // West Yorkshire-sized, so the per-route section makes its realistic world anew.
    await dropWorld(coldWorld, e, worldEnv);
    loadAt('cold', 'after');
  }

  if (sections.has('overhead')) {
    loadAt('overhead', 'before');
    const worlds: Record<string, OverheadRow[]> = {};
    for (const name of (args.worlds ?? 'realistic,stress').split(',') as WorldName[]) {
      log(`\n== 2${name === 'realistic' ? 'a' : 'b'}. Per route in the ${name} world (in one process, against DynamoDB Local) ==`);
      let world: Awaited<ReturnType<typeof buildWorld>>;
      try {
        world = await buildWorld(name, e, token, log, worldEnv, Number(args['world-scale']));
      } catch (err) {
        // A world that cannot be made is a failure of the run, said so; the other sections still run.
        log(`  The ${name} world could not be made: ${(err as Error).message.slice(0, 500)}`);
        (results.worlds as Record<string, unknown>)[name] = { error: (err as Error).message };
        exitCode = 1;
        continue;
      }
      const realistic = name === 'realistic';
      worlds[name] = await overhead(world.endpoints, {
        world: name,
        fresh: world.fresh,
        apiCalls: realistic ? Number(args.calls) : Number(args['stress-calls']),
        pageCalls: realistic ? Number(args['page-calls']) : Number(args['stress-calls']),
        writeCalls: realistic ? Number(args['write-calls']) : Math.min(Number(args['write-calls']), Number(args['stress-calls'])),
        secondsPerRoute: Number(args['route-seconds']),
        minCalls: realistic ? Number(args['min-calls']) : Math.min(3, Number(args['stress-calls'])),
        replay: realistic,
        only,
        log,
      });
      (results.worlds as Record<string, unknown>)[name] = { counts: world.counts, seconds: world.seconds, table: world.endpoints.table };
      // Profiled here, while the realistic world is the one the handlers see.
      if (realistic && args.profile !== '0') {
        const measured = worlds[name]!.filter((r) => r.dynamoCalls || r.otherCalls.length);
        const named = args['profile-routes']?.split(',');
        const worst = named ? measured.filter((r) => named.includes(r.route)) : [...measured].sort((a, b) => b.ratio - a.ratio).slice(0, 3);
        profiles = (await profileRoutes(worst.map((r) => r.route), { fresh: world.fresh, calls: Number(args['profile-calls']) })).map((p) => ({ ...p, ratio: worst.find((w) => w.route === p.route)!.ratio }));
      }
      // The next sections (sweep, burst) share this DynamoDB Local: free what the world held.
      await dropWorld(world, e, worldEnv);
    }
    const rowsOf = (w: string) => worlds[w] ?? [];
    const all = Object.entries(worlds).flatMap(([, rows]) => rows);
    const target = (r: OverheadRow) => (r.kind === 'api' ? 1.2 : 1.5);

    log('\n== 2. Success share, calls, bytes and time per route, at both sizes ==');
    const names = [...new Set(all.map((r) => r.route))];
    const MB = 1024 * 1024;
    log(
      table(
        ['route', 'kind', 'state', ...Object.keys(worlds).flatMap((w) => [`${w}: calls`, 'ok', 'DynamoDB', 'bytes (max)', 'p50'])],
        names.map((n) => {
          const first = all.find((r) => r.route === n)!;
          return [
            n,
            first.kind,
            first.mode,
            ...Object.keys(worlds).flatMap((w) => {
              const r = rowsOf(w).find((x) => x.route === n);
              if (!r) return ['', '', '', '', ''];
              return [r.calls, `${(r.success * 100).toFixed(0)}%`, r.dynamoCalls, `${kb(r.bytes.max)}${r.bytes.max > MB ? ' OVER 1 MB' : ''}`, ms(r.handler.p50)];
            }),
          ];
        }),
      ),
    );
    const failing = all.filter((r) => r.success < 1);
    const over = all.filter((r) => r.bytes.max > MB);
    log(`Calls per route: reads up to ${args.calls} (API) / ${args['page-calls']} (pages) at the realistic size, ${args['stress-calls']} at the stress size; routes whose state is made before each call ("each") ${args['write-calls']}; at most ${args['route-seconds']} s of timed calls a route.`);
    log(failing.length ? `Success share below 100%: NOT MET for ${failing.length} rows:\n${failing.map((r) => `  ${r.world} ${r.route}: ${JSON.stringify(r.statuses)} ${((r as OverheadRow & { failures?: string[] }).failures ?? []).join(' | ')}`).join('\n')}` : `Every route answered 2xx/3xx on every call at every size: met.`);
    log(over.length ? `Responses over 1 MB: ${over.map((r) => `${r.world} ${r.route} ${kb(r.bytes.max)}`).join(', ')}` : 'No response over 1 MB.');

    const rows = rowsOf('realistic');
    if (rows.length) {
      log('\n== 2c. Handler overhead at the realistic size (handler p50 / raw SDK replay p50) ==');
      log(
        table(
          ['route', 'kind', 'calls', 'handler p50', 'handler p99', 'raw p50', 'raw p99', 'p50 ratio', 'target', 'verdict'],
          rows.map((r) => {
            // A route that makes no SDK call has no raw baseline: its time is all ours.
            const none = !r.dynamoCalls && !r.otherCalls.length;
            return [r.route, r.kind, r.calls, ms(r.handler.p50), ms(r.handler.p99), none ? 'no calls' : ms(r.raw.p50), none ? '' : ms(r.raw.p99), none ? 'n/a' : ratio(r.ratio), none ? '' : `${target(r)}x`, none ? '' : verdict(r.ratio <= target(r))];
          }),
        ),
      );
      const measured = rows.filter((r) => r.dynamoCalls || r.otherCalls.length);
      for (const [label, kinds, t] of [['API routes', ['api'], 1.2], ['pages', ['page', 'asset'], 1.5]] as const) {
        const these = measured.filter((r) => (kinds as readonly string[]).includes(r.kind));
        const ratios = these.map((r) => r.ratio).sort((a, b) => a - b);
        const extra = these.map((r) => r.handler.p50 - r.raw.p50).sort((a, b) => a - b);
        if (!these.length) continue;
        log(`${label}: median ratio ${ratio(ratios[Math.floor(ratios.length / 2)]!)} (our code's median time on top of the calls ${ms(extra[Math.floor(extra.length / 2)]!)}); ${these.filter((r) => r.ratio <= t).length} of ${these.length} within ${t}x: ${verdict(these.every((r) => r.ratio <= t))}.`);
      }

      log('\n== 3. DynamoDB calls per request at the realistic size (SDK middleware; the route table\'s budget) ==');
      log(
        table(
          ['route', 'method', 'calls', 'budget', 'within', 'read route: 1 call', 'read units', 'write units', 'commands', 'other services'],
          rows.map((r) => {
            const read = routes[r.route as RouteName].method === 'GET';
            return [r.route, r.method, r.dynamoCalls, r.budget, verdict(r.dynamoCalls <= r.budget), read ? (r.dynamoCalls <= 1 ? 'yes' : `no (${r.dynamoCalls})`) : '', r.perCall.readUnits, r.perCall.writeUnits, r.dynamoCommands.join(' ') || '-', r.otherCalls.join(' ')];
          }),
        ),
      );
      const reads = rows.filter((r) => routes[r.route as RouteName].method === 'GET');
      log(`${rows.filter((r) => r.dynamoCalls <= r.budget).length} of ${rows.length} routes within their budget at the realistic size; ${reads.filter((r) => r.dynamoCalls <= 1).length} of ${reads.length} read routes make at most one call.`);

      if (profiles.length) {
        log('\n== 3b. CPU profile of the three worst routes by overhead ratio (self time, in-process, realistic size) ==');
        for (const p of profiles) {
          log(`${p.route} (${ratio(p.ratio)}; ${p.calls} calls, ${ms(p.totalMs)} sampled):`);
          log(table(['self time', 'share', 'function', 'where'], p.top.map((t) => [ms(t.selfMs), `${(t.share * 100).toFixed(1)}%`, t.functionName || '(anonymous)', t.url])));
        }
        results.profiles = profiles;
      }
    }
    results.overhead = rows;
    loadAt('overhead', 'after');
    results.stress = rowsOf('stress');
    results.success = { met: failing.length === 0, failing: failing.map((r) => ({ world: r.world, route: r.route, statuses: r.statuses })) };
    results.over1MB = over.map((r) => ({ world: r.world, route: r.route, bytes: r.bytes.max }));
    if (failing.length) exitCode = 1;
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
  if (sections.has('cost')) {
    log('\n== 7. Cost model: one West Yorkshire-sized office, and 43 (bench/cost.ts) ==');
    const rows = results.overhead as OverheadRow[] | undefined;
    if (!rows?.length) log('The cost model needs the overhead section (its per-route figures at the realistic size): run with --only overhead,cost.');
    else {
      // The sweep section's figures, where it ran, stand in for the assumed per-run sweep.
      // An hourly run is nearly always idle: the idle cell with the most meetings in the horizon.
      const idle = (results.sweep as SweepGrowth | undefined)?.cells.filter((c) => c.due === 0).at(-1);
      const c = costModel(rows, idle ? { capacityUnits: idle.capacityUnits, ms: idle.ms } : undefined);
      const usd = (x: number) => `$${x < 0.01 ? x.toFixed(4) : x.toFixed(2)}`;
      log(table(['service', 'one office a month', '43 offices a month', 'basis'], [...c.lines.map((l) => [l.service, usd(l.perMonth), usd(l.perMonth * 43), l.basis]), ['total', usd(c.monthly), usd(c.offices43), `a year: ${usd(c.monthly * 12)} one office, ${usd(c.offices43 * 12)} all 43`]]));
      log(`Prices: ${PRICES.source}. The yearly mix (YEARLY_MIX, JOBS in bench/cost.ts) is stated, not measured; per-call units, bytes and durations are this run's.`);
      if (c.missing.length) log(`Not measured in this run (left out of the mix): ${c.missing.join(', ')}.`);
      results.cost = { ...c, prices: PRICES, mix: YEARLY_MIX, jobs: JOBS };
    }
  }
} finally {
  await stack.stop();
}

const seconds = (performance.now() - started) / 1000;
results.seconds = seconds;
mkdirSync(join(process.cwd(), 'bench/results'), { recursive: true });
writeFileSync(join(process.cwd(), 'bench/results/latest.json'), `${JSON.stringify(results, null, 2)}\n`);
log(`\nDone in ${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s. Figures in bench/results/latest.json.`);
process.exit(exitCode);
