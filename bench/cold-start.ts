/**
 * Cold-start proxy, per function: the esbuild bundle as CDK deploys it (infra/constructs/
 * route-function.ts: ESM, minified, node22, the AWS SDK left to the Lambda runtime), its size (and,
 * for the record, its size with the SDK bundled in), and the median over fresh Node processes of
 * the time to load it and answer its sample event, against the baseline (bench/baseline.ts).
 * Runs are interleaved round by round, the baseline in every round, so drift hits all alike.
 */
import { build } from 'esbuild';
import { writeRouteTable } from '../infra/constructs/route-table.js';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
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

export interface ColdRow {
  name: string;
  kind: string;
  event: string;
  bytes: number;
  bytesWithSdk: number;
  runs: number;
  loadMs: number;
  answerMs: number;
  totalMs: number;
  ratio: number;
  statuses: string[];
}

/** The options of infra/constructs/route-function.ts, for one entry. */
const options = (sdkExternal: boolean) => ({
  bundle: true,
  platform: 'node' as const,
  format: 'esm' as const,
  target: 'node22',
  minify: true,
  sourcemap: false as const, // CDK writes the map beside the bundle; it is not loaded at start
  mainFields: ['module', 'main'],
  external: [...(sdkExternal ? ['@aws-sdk/*'] : []), 'chokidar', 'fsevents'],
  banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
  logLevel: 'silent' as const,
  metafile: true,
});

function run(bundle: string, eventFile: string, env: Record<string, string>): Promise<{ loadMs: number; answerMs: number; totalMs: number; status: number | null }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [join(root, 'bench/runner.mjs'), bundle, eventFile], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
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
export async function coldStart(e: Endpoints, opts: { runs: number; parallel: number; only?: string[]; log: (s: string) => void }): Promise<{ rows: ColdRow[]; baseline: ColdRow }> {
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
    const results = await Promise.all([
      ...functions.map((f) => one(f.name, join(root, 'functions', `${f.name}.ts`), f.route)),
      one('baseline', join(root, 'bench/baseline.ts'), false),
    ]);
    return { metafile: { inputs: {}, outputs: Object.assign({}, ...results.map((r) => r.metafile!.outputs)) } };
  };
  const [deployed, withSdk] = await Promise.all([buildAll(true, out), buildAll(false, join(out, 'with-sdk'))]);
  const size = (meta: typeof deployed.metafile, dir: string, name: string) => meta!.outputs[`${dir}/${name}.mjs`.replace(`${root}/`, '')]?.bytes ?? statSync(join(dir, `${name}.mjs`)).size;

  const cycle = await makeCycle(e);
  const eventsDir = join(out, 'events');
  mkdirSync(eventsDir, { recursive: true });
  for (const f of functions) {
    const event = f.route ? eventOf(f.name as RouteName, cycle, e) : { now: SAMPLE_NOW };
    writeFileSync(join(eventsDir, `${f.name}.json`), JSON.stringify(event));
  }
  writeFileSync(join(eventsDir, 'baseline.json'), '{}');

  const env = {
    ...functionEnv(e),
    VIEWS_DIR: join(out, 'views'),
    ASSETS_DIR: join(out, 'assets'),
    QUESTION_RATE_LIMIT_PER_HOUR: '1000000',
    QUESTION_ACKS_PER_HOUR: '1000000',
    OUTBOX_SEND_RATE_PER_SECOND: '1000',
  };
  const all = [...functions, { name: 'baseline', kind: 'baseline', route: false, last: false }];
  const times = new Map<string, { loadMs: number; answerMs: number; totalMs: number; status: number | null }[]>(all.map((f) => [f.name, []]));
  for (let round = 0; round < opts.runs; round++) {
    // Functions that change shared data (withdraw, publish, ...) go last in every round.
    const order = [...all].sort((a, b) => Number(a.last) - Number(b.last) || Math.random() - 0.5);
    const first = order.filter((f) => !f.last);
    const then = order.filter((f) => f.last);
    for (const batch of [first, then]) {
      let next = 0;
      await Promise.all(
        Array.from({ length: opts.parallel }, async () => {
          while (next < batch.length) {
            const f = batch[next++]!;
            times.get(f.name)!.push(await run(join(out, `${f.name}.mjs`), join(eventsDir, `${f.name}.json`), env));
          }
        }),
      );
    }
    opts.log(`  round ${round + 1}/${opts.runs}: ${all.length} fresh processes`);
  }

  const row = (f: { name: string; kind: string; route: boolean }): ColdRow => {
    const t = times.get(f.name)!;
    return {
      name: f.name,
      kind: f.kind,
      event: f.route ? `events/${eventFileOf(f.name as RouteName)}` : f.name === 'baseline' ? '{}' : `{ "now": "${SAMPLE_NOW}" }`,
      bytes: size(deployed.metafile, out, f.name),
      bytesWithSdk: size(withSdk.metafile, join(out, 'with-sdk'), f.name),
      runs: t.length,
      loadMs: median(t.map((x) => x.loadMs)),
      answerMs: median(t.map((x) => x.answerMs)),
      totalMs: median(t.map((x) => x.totalMs)),
      ratio: 0,
      statuses: [...new Set(t.map((x) => String(x.status ?? 'ok')))],
    };
  };
  const baseline = row(all.at(-1)!);
  baseline.ratio = 1;
  const rows = functions.map(row).map((r) => ({ ...r, ratio: r.totalMs / baseline.totalMs }));
  return { rows, baseline };
}
