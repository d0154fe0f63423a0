/**
 * Bundle sizes, as CDK builds them (infra/constructs/route-function.ts: ESM, minified, node22, the
 * AWS SDK left to the runtime). The target is under 300 KB each; functions that render Nunjucks
 * templates (pages, and anything that sends email) are over it by the template compiler and
 * Luxon (README, "Measured"), so they are held under 400 KB here, while the gap is open. Also
 * guards the two fixes that took ~450 KB off every bundle: zod imported as a namespace (no locales)
 * and Nunjucks left out of functions that never render.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type Metafile } from 'esbuild';
import { join } from 'node:path';
import { routeList } from '../../../shared/routes.js';
import { jobList } from '../../../shared/jobs.js';

const root = join(__dirname, '../../..');
const functions = [
  ...routeList.map((r) => ({ name: r.name as string, renders: r.kind === 'page' || r.mail === true })),
  ...jobList.map((j) => ({ name: j.name as string, renders: j.mail === true })),
];

let meta: Metafile;
const outputOf = (name: string) => Object.entries(meta.outputs).find(([file]) => file.endsWith(`/${name}.mjs`))![1];

describe('function bundles', () => {
  beforeAll(async () => {
    const result = await build({
      absWorkingDir: root,
      entryPoints: Object.fromEntries(functions.map((f) => [f.name, join(root, 'functions', `${f.name}.ts`)])),
      outdir: join(root, 'cdk.out/bundle-size-test'),
      outExtension: { '.js': '.mjs' },
      write: false,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      minify: true,
      mainFields: ['module', 'main'],
      external: ['@aws-sdk/*', 'chokidar', 'fsevents'],
      banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
      metafile: true,
      logLevel: 'silent',
    });
    meta = result.metafile;
  }, 60_000);

  it.each(functions.map((f) => [f.name, f] as const))('%s', (name, f) => {
    const out = outputOf(name);
    // Files esbuild read but tree-shook away are listed with 0 bytes in the output.
    const inputs = Object.entries(out.inputs).filter(([, v]) => v.bytesInOutput > 0).map(([file]) => file);
    expect(inputs.some((i) => /zod\/v4\/locales\/(?!en\.js|index\.js)/.test(i)), 'zod locales are bundled: import zod as `import * as z from "zod"`').toBe(false);
    if (!f.renders) {
      expect(inputs.some((i) => i.includes('node_modules/nunjucks/')), 'Nunjucks is bundled into a function that never renders').toBe(false);
      expect(out.bytes).toBeLessThan(300 * 1024);
    } else {
      expect(out.bytes).toBeLessThan(400 * 1024);
    }
  });
});
