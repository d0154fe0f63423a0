/**
 * Where a function's cold start goes (issue 15 §5): runs the named functions' cold starts as the
 * bench does (bench/cold-start.ts, deployed configuration) under `node --cpu-prof`, then prints, per
 * function, the frames with the most self time over all its runs, mapped back to the source through
 * the bundle's source map, and the same summed per source file or package.
 *
 *   npx tsx bench/profile.ts send-reminders send-outbox show-question-form-next [--runs 5] [--top 12]
 *
 * Starts its own local stack, as `npm run bench` does. Profiles land in bench/results/profiles/.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { spawnLocalStack } from '../infra/local/spawn-stack.js';
import { BUNDLES_DIR, coldStart } from './cold-start.js';
import { ms, table } from './lib/stats.js';

const { values: args, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string', default: '5' }, top: { type: 'string', default: '12' } } });
const profiles = join(process.cwd(), 'bench/results/profiles');

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per node id (microseconds), from the samples and their time deltas. */
function selfTimes(p: Profile): Map<number, number> {
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i + 1] ?? 0)));
  return self;
}

const maps = new Map<string, SourceMap | undefined>();
function mapOf(url: string): SourceMap | undefined {
  if (!maps.has(url)) {
    try {
      maps.set(url, new SourceMap(JSON.parse(readFileSync(`${fileURLToPath(url)}.map`, 'utf8'))));
    } catch {
      maps.set(url, undefined);
    }
  }
  return maps.get(url);
}

/** A frame as `name (source:line)`, the source file taken from the map for a bundle frame. */
function frameOf(node: Node): { frame: string; file: string } {
  const { functionName, url, lineNumber, columnNumber } = node.callFrame;
  const name = functionName || '(anonymous)';
  if (!url) return { frame: name, file: name.startsWith('(') ? name : '(native)' };
  if (url.startsWith('node:')) return { frame: `${name} (${url})`, file: url };
  if (url.endsWith('.mjs') && url.includes('/bench/results/bundles/')) {
    const entry = mapOf(url)?.findEntry(lineNumber, columnNumber) as { originalSource?: string; originalLine?: number; name?: string } | undefined;
    if (entry?.originalSource) {
      const source = entry.originalSource.replace(/^(\.\.\/)+/, '').replace(/^.*node_modules\//, 'node_modules/');
      const pkg = source.startsWith('node_modules/') ? source.split('/').slice(0, source.split('/')[1]!.startsWith('@') ? 3 : 2).join('/') : source;
      return { frame: `${entry.name ?? name} (${source}:${(entry.originalLine ?? 0) + 1})`, file: pkg };
    }
    return { frame: `${name} (bundle ${lineNumber}:${columnNumber})`, file: '(bundle, unmapped)' };
  }
  return { frame: `${name} (${url.replace(/^file:\/\/.*\/bench\//, 'bench/')})`, file: url.replace(/^file:\/\/.*\/bench\//, 'bench/') };
}

export function summarise(dir: string, top: number): { runs: number; totalMs: number; frames: [string, number][]; files: [string, number][] } {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  const byFrame = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  for (const file of files) {
    const p = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;
    const nodes = new Map(p.nodes.map((n) => [n.id, n]));
    for (const [id, us] of selfTimes(p)) {
      const f = frameOf(nodes.get(id)!);
      byFrame.set(f.frame, (byFrame.get(f.frame) ?? 0) + us);
      byFile.set(f.file, (byFile.get(f.file) ?? 0) + us);
      total += us;
    }
  }
  const perRun = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, us]) => [k, us / 1000 / files.length] as [string, number]);
  return { runs: files.length, totalMs: total / 1000 / files.length, frames: perRun(byFrame), files: perRun(byFile) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (positionals.length === 0) throw new Error('Name the functions to profile: npx tsx bench/profile.ts send-reminders ...');
  rmSync(profiles, { recursive: true, force: true });
  const stack = await spawnLocalStack({ env: { POWERTOOLS_LOG_LEVEL: 'ERROR' }, output: 'quiet' });
  try {
    await coldStart(stack.endpoints, { runs: Number(args.runs), parallel: 1, only: positionals, log: (s) => console.log(s), profileDir: profiles });
  } finally {
    await stack.stop();
  }
  for (const name of positionals) {
    const s = summarise(join(profiles, name), Number(args.top));
    console.log(`\n== ${name}: ${ms(s.totalMs)} sampled per run (${s.runs} runs; self time per run, bundle frames mapped through ${BUNDLES_DIR.replace(`${process.cwd()}/`, '')}/${name}.mjs.map) ==`);
    console.log(table(['self time', 'frame'], s.frames.map(([f, t]) => [ms(t), f])));
    console.log(table(['self time', 'source file or package'], s.files.map(([f, t]) => [ms(t), f])));
  }
  process.exit(0);
}
