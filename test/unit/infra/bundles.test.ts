/**
 * Bundle sizes, as CDK builds them (infra/constructs/route-function.ts: ESM, minified, node22, the
 * AWS SDK left to the runtime): under 300 KB each (README, "Measured"). Also guards the fixes that
 * got them there: zod imported as a namespace (no locales), Nunjucks left out of functions that
 * never render and only its slim runtime in those that do (templates are compiled ahead of time),
 * no Luxon anywhere (London time comes from a table: shared/domain/time.ts), and nothing local-only:
 * no file of infra/ and not the local demo password (the local runtime hands the demo users over).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type Metafile } from 'esbuild';
import { join } from 'node:path';
import { routeList } from '../../../shared/routes.js';
import { jobList } from '../../../shared/jobs.js';
import { LOCAL_PASSWORD } from '../../../infra/local/users.js';

const root = join(__dirname, '../../..');
const functions = [
  ...routeList.map((r) => ({ name: r.name as string, renders: r.kind === 'page' || r.mail === true })),
  ...jobList.map((j) => ({ name: j.name as string, renders: j.mail === true })),
];

/**
 * Document functions: they read or write Word documents with a big library (`mammoth` reads a .docx
 * into HTML, ~0.5 MB with its ZIP reader and XML parser), which no other function may carry. Each has
 * its own budget, which says why; every other function is held to 300 KB and to none of these
 * libraries.
 */
const documentFunctions: Record<string, { limitKb: number; why: string }> = {
  'import-minutes': { limitKb: 750, why: 'mammoth reads an uploaded .docx of past minutes (issue 13 §4)' },
  'submit-minutes-import': { limitKb: 750, why: 'mammoth reads an uploaded .docx of past minutes, and the multipart parser reads the upload form' },
};
const documentLibraries = /node_modules\/(mammoth|docx|jszip|@xmldom|bluebird|lop|dingbat-to-unicode|underscore|option|xmlbuilder)\//;

let meta: Metafile;
const texts = new Map<string, string>();
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
    for (const file of result.outputFiles) texts.set(file.path.split('/').pop()!, file.text);
  }, 60_000);

  it.each(functions.map((f) => [f.name, f] as const))('%s', (name, f) => {
    const out = outputOf(name);
    // Files esbuild read but tree-shook away are listed with 0 bytes in the output.
    const inputs = Object.entries(out.inputs).filter(([, v]) => v.bytesInOutput > 0).map(([file]) => file);
    expect(inputs.some((i) => /zod\/v4\/locales\/(?!en\.js|index\.js)/.test(i)), 'zod locales are bundled: import zod as `import * as z from "zod"`').toBe(false);
    const nunjucks = inputs.filter((i) => i.includes('node_modules/nunjucks/'));
    if (!f.renders) expect(nunjucks, 'Nunjucks is bundled into a function that never renders').toEqual([]);
    else expect(nunjucks, 'only the slim runtime: templates are compiled ahead of time').toEqual(['node_modules/nunjucks/browser/nunjucks-slim.js']);
    expect(inputs.some((i) => i.includes('node_modules/luxon/')), 'Luxon is bundled (London time is shared/domain/time.ts)').toBe(false);
    expect(inputs.filter((i) => i.startsWith('infra/')), 'local-only or infra code is bundled into a function').toEqual([]);
    expect(texts.get(`${name}.mjs`)!.includes(LOCAL_PASSWORD), 'the local demo password is in an AWS bundle').toBe(false);
    const document = documentFunctions[name];
    if (!document) expect(inputs.filter((i) => documentLibraries.test(i)), 'a document library is bundled into a function that is not a document function').toEqual([]);
    expect(out.bytes).toBeLessThan((document?.limitKb ?? 300) * 1024);
  });
});
