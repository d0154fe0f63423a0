/**
 * Cold-start proxy, per function: the esbuild bundle as CDK deploys it (built from the very options
 * CDK is given, infra/constructs/route-function.ts `BUNDLING` through `esbuildOptions`: ESM,
 * minified, node22, a linked source map, the AWS SDK left to the Lambda runtime), its size (and,
 * for the record, its size with the SDK bundled in, and its map's), and the median over fresh Node
 * processes of the time to load it and answer its sample event, against the baseline
 * (bench/baseline.ts) built the same way.
 *
 * Two configurations, each process in both: the deployed one (the functions' RUNTIME_ENVIRONMENT,
 * so NODE_OPTIONS as deployed) and the other one (source maps enabled if the deployed one does not
 * enable them, else not), each function against the baseline in the same configuration.
 * Runs are interleaved round by round, the baseline in every round, so drift hits all alike.
 */
import { build } from 'esbuild';
import { esbuildOptions, RUNTIME_ENVIRONMENT } from '../infra/constructs/route-function.js';
import { writeRouteTable } from '../infra/constructs/route-table.js';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPILED_VIEWS } from '../shared/views/render.js';
import { COMPILED_STYLES } from '../shared/http/assets.js';
import { routeList } from '../shared/routes.js';
import { jobList } from '../shared/jobs.js';
import { eventOf, functionEnv, LAST, makeCycle, eventFileOf } from './lib/world.js';
import type { Endpoints } from '../infra/local/env.js';
import { median } from './lib/stats.js';
import { SAMPLE_NOW } from '../infra/local/make-events.js';
import type { RouteName } from '../shared/routes.js';

const root = process.cwd();
const out = join(root, 'bench/results/bundles');
export const BUNDLE_LIMIT = 300 * 1024;
const BUILDS_AT_ONCE = 4;
/** Where the bundles are built (bench/profile.ts reads their maps). */
export const BUNDLES_DIR = out;

/** Medians over a function's fresh processes in one configuration. */
export interface ColdTimes {
  runs: number;
  loadMs: number;
  answerMs: number;
  totalMs: number;
  /** CPU time (user + system) of load and answer: steadier than the wall clock on a busy machine. */
  loadCpuMs: number;
  cpuMs: number;
  /** totalMs over the baseline's in the same configuration. */
  ratio: number;
  /** cpuMs over the baseline's in the same configuration. */
  cpuRatio: number;
  statuses: string[];
}

/** A function's sizes, and its times as deployed (the main figures) and in the other configuration. */
export interface ColdRow extends ColdTimes {
  name: string;
  kind: string;
  event: string;
  bytes: number;
  bytesWithSdk: number;
  /** The source map beside the bundle (CDK deploys it too). */
  mapBytes: number;
  other: ColdTimes;
}

/** A configuration of the runtime: the environment a process gets on top of the functions'. */
export interface ColdConfig {
  id: 'deployed' | 'other';
  label: string;
  env: Record<string, string>;
}

const ENABLE_SOURCE_MAPS = '--enable-source-maps';
const deployedEnablesMaps = (RUNTIME_ENVIRONMENT.NODE_OPTIONS ?? '').includes(ENABLE_SOURCE_MAPS);
const withoutNodeOptions = Object.fromEntries(Object.entries(RUNTIME_ENVIRONMENT).filter(([k]) => k !== 'NODE_OPTIONS'));
export const COLD_CONFIGS: ColdConfig[] = [
  { id: 'deployed', label: `${RUNTIME_ENVIRONMENT.NODE_OPTIONS ? `NODE_OPTIONS=${RUNTIME_ENVIRONMENT.NODE_OPTIONS}` : 'no NODE_OPTIONS'}; source maps ${deployedEnablesMaps ? 'enabled' : 'beside the bundle, not enabled'}`, env: { ...RUNTIME_ENVIRONMENT } },
  deployedEnablesMaps
    ? { id: 'other', label: 'source maps not enabled (no NODE_OPTIONS)', env: withoutNodeOptions }
    : { id: 'other', label: `source maps enabled (NODE_OPTIONS=${ENABLE_SOURCE_MAPS})`, env: { ...RUNTIME_ENVIRONMENT, NODE_OPTIONS: ENABLE_SOURCE_MAPS } },
];

/** CDK's esbuild options for one entry (the SDK bundled in too, for the record: then no map). */
const options = (sdkExternal: boolean) => {
  const cdk = esbuildOptions();
  return {
    ...cdk,
    ...(sdkExternal ? {} : { external: cdk.external!.filter((e) => e !== '@aws-sdk/*'), sourcemap: false as const }),
    logLevel: 'silent' as const,
    metafile: true,
  };
};

type Run = { loadMs: number; answerMs: number; totalMs: number; loadCpuMs: number; cpuMs: number; status: number | null };

/** `nodeArgs`: for Node itself, before the runner (`--cpu-prof`, ...). */
function run(bundle: string, eventFile: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<Run> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, join(root, 'bench/runner.mjs'), bundle, eventFile], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => {
      try {
        resolveRun(JSON.parse(stdout));
      } catch {
        reject(new Error(`${bundle} exited ${code}: ${stderr.slice(-600)}`));
      }
    });
  });
}

/** `parallel`: fresh processes at once (the baseline runs among them, so it shares the conditions). */
/**
 * The event a route's fresh process answers, made before the process starts (outside its timing):
 * given, each process takes its success path on state of its own (bench/lib/plans.ts); without it,
 * the route's sample event on the sample cycle (bench/profile.ts, which only looks at where time goes).
 */
export type ColdEvents = { table: string; eventFor(name: RouteName): Promise<unknown> };

export async function coldStart(e: Endpoints, opts: { runs: number; parallel: number; only?: string[]; log: (s: string) => void; profileDir?: string; events?: ColdEvents }): Promise<{ rows: ColdRow[]; baseline: ColdRow; configs: ColdConfig[] }> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // The Lambda bundle's views folder: the compiled templates (CDK copies them; a link does here).
  symlinkSync(join(root, COMPILED_VIEWS), join(out, 'views'));
  // And the asset function's folder as CDK makes it: GOV.UK Frontend's script, and under app/ our
  // compiled stylesheet and our own files.
  const govuk = join(root, 'node_modules/govuk-frontend/dist/govuk');
  mkdirSync(join(out, 'assets/app'), { recursive: true });
  symlinkSync(join(govuk, 'govuk-frontend.min.js'), join(out, 'assets', 'govuk-frontend.min.js'));
  symlinkSync(join(root, COMPILED_STYLES, 'app.css'), join(out, 'assets/app/app.css'));
  for (const entry of readdirSync(join(root, 'shared/views/assets'))) symlinkSync(join(root, 'shared/views/assets', entry), join(out, 'assets/app', entry));

  const functions = [
    ...routeList.filter((r) => !opts.only || opts.only.includes(r.name)).map((r) => ({ name: r.name as string, kind: r.kind as string, route: true, last: LAST.has(r.name) })),
    ...jobList.filter((j) => !opts.only || opts.only.includes(j.name)).map((j) => ({ name: j.name as string, kind: 'job', route: false, last: true })),
  ];
  // One build per function, as CDK makes them: a route's function with its own route table.
  const buildAll = async (sdkExternal: boolean, outdir: string) => {
    const one = (name: string, entry: string, route: boolean) =>
      build({ ...options(sdkExternal), entryPoints: { [name]: entry }, outdir, outExtension: { '.js': '.mjs' }, tsconfig: route ? writeRouteTable(root, name) : undefined });
    const jobs = [...functions.map((f) => () => one(f.name, join(root, 'functions', `${f.name}.ts`), f.route)), () => one('baseline', join(root, 'bench/baseline.ts'), false)];
    // A few builds at a time: all at once, with their source maps, held 10 GB in esbuild on a busy machine.
    const results: Awaited<ReturnType<typeof one>>[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: BUILDS_AT_ONCE }, async () => {
      while (next < jobs.length) results.push(await jobs[next++]!());
    }));
    return { metafile: { inputs: {}, outputs: Object.assign({}, ...results.map((r) => r.metafile!.outputs)) } };
  };
  const deployed = await buildAll(true, out);
  const withSdk = await buildAll(false, join(out, 'with-sdk'));
  const size = (meta: typeof deployed.metafile, dir: string, file: string) => meta!.outputs[`${dir}/${file}`.replace(`${root}/`, '')]?.bytes ?? (existsSync(join(dir, file)) ? statSync(join(dir, file)).size : 0);

  const eventsDir = join(out, 'events');
  mkdirSync(eventsDir, { recursive: true });
  const cycle = opts.events ? undefined : await makeCycle(e);
  for (const f of functions) {
    const event = !f.route ? { now: SAMPLE_NOW } : cycle ? eventOf(f.name as RouteName, cycle, e) : undefined;
    if (event) writeFileSync(join(eventsDir, `${f.name}.json`), JSON.stringify(event));
  }
  writeFileSync(join(eventsDir, 'baseline.json'), '{}');
  /** Before a round: each route process's own event, on state made for it (no process is running). */
  const prepareRound = async (order: { name: string; route: boolean; config: { id: string } }[]) => {
    if (!opts.events) return;
    for (const f of order.filter((x) => x.route)) writeFileSync(join(eventsDir, `${f.name}.${f.config.id}.json`), JSON.stringify(await opts.events!.eventFor(f.name as RouteName)));
  };
  const eventFile = (f: { name: string; route: boolean; config: { id: string } }) => join(eventsDir, opts.events && f.route ? `${f.name}.${f.config.id}.json` : `${f.name}.json`);

  const env = {
    ...functionEnv(e),
    ...(opts.events ? { TABLE_NAME: opts.events.table } : {}),
    VIEWS_DIR: join(out, 'views'),
    ASSETS_DIR: join(out, 'assets'),
    QUESTION_RATE_LIMIT_PER_HOUR: '1000000',
    QUESTION_ACKS_PER_HOUR: '1000000',
    OUTBOX_SEND_RATE_PER_SECOND: '1000',
  };
  const all = [...functions, { name: 'baseline', kind: 'baseline', route: false, last: false }];
  const times = new Map<string, Run[]>(COLD_CONFIGS.flatMap((c) => all.map((f) => [`${c.id}:${f.name}`, []] as const)));
  for (let round = 0; round < opts.runs; round++) {
    // Functions that change shared data (withdraw, publish, ...) go last in every round; each
    // function runs in both configurations, in a random order among the rest.
    const order = COLD_CONFIGS.flatMap((config) => all.map((f) => ({ ...f, config }))).sort((a, b) => Number(a.last) - Number(b.last) || Math.random() - 0.5);
    await prepareRound(order);
    const first = order.filter((f) => !f.last);
    const then = order.filter((f) => f.last);
    for (const batch of [first, then]) {
      let next = 0;
      await Promise.all(
        Array.from({ length: opts.parallel }, async () => {
          while (next < batch.length) {
            const f = batch[next++]!;
            // With profileDir, each process of the deployed configuration writes a CPU profile (bench/profile.ts).
            const profile = opts.profileDir && f.config.id === 'deployed' ? ['--cpu-prof', `--cpu-prof-dir=${join(opts.profileDir, f.name)}`] : [];
            times.get(`${f.config.id}:${f.name}`)!.push(await run(join(out, `${f.name}.mjs`), eventFile(f), { ...env, ...f.config.env }, profile));
          }
        }),
      );
    }
    opts.log(`  round ${round + 1}/${opts.runs}: ${order.length} fresh processes (${all.length} functions, ${COLD_CONFIGS.length} configurations)`);
  }

  const timesOf = (config: ColdConfig, name: string): ColdTimes => {
    const t = times.get(`${config.id}:${name}`)!;
    return {
      runs: t.length,
      loadMs: median(t.map((x) => x.loadMs)),
      answerMs: median(t.map((x) => x.answerMs)),
      totalMs: median(t.map((x) => x.totalMs)),
      loadCpuMs: median(t.map((x) => x.loadCpuMs)),
      cpuMs: median(t.map((x) => x.cpuMs)),
      ratio: 1,
      cpuRatio: 1,
      statuses: [...new Set(t.map((x) => String(x.status ?? 'ok')))],
    };
  };
  const [asDeployed, other] = COLD_CONFIGS as [ColdConfig, ColdConfig];
  const bare = { deployed: timesOf(asDeployed, 'baseline'), other: timesOf(other, 'baseline') };
  const row = (f: { name: string; kind: string; route: boolean }): ColdRow => {
    const main = timesOf(asDeployed, f.name);
    const second = timesOf(other, f.name);
    return {
      name: f.name,
      kind: f.kind,
      event: f.route ? `events/${eventFileOf(f.name as RouteName)}` : f.name === 'baseline' ? '{}' : `{ "now": "${SAMPLE_NOW}" }`,
      bytes: size(deployed.metafile, out, `${f.name}.mjs`),
      bytesWithSdk: size(withSdk.metafile, join(out, 'with-sdk'), `${f.name}.mjs`),
      mapBytes: size(deployed.metafile, out, `${f.name}.mjs.map`),
      ...main,
      ratio: main.totalMs / bare.deployed.totalMs,
      cpuRatio: main.cpuMs / bare.deployed.cpuMs,
      other: { ...second, ratio: second.totalMs / bare.other.totalMs, cpuRatio: second.cpuMs / bare.other.cpuMs },
    };
  };
  const baseline = row(all.at(-1)!);
  const rows = functions.map(row);
  return { rows, baseline, configs: COLD_CONFIGS };
}
