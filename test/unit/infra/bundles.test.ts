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
import { routeList, routes, type RouteName } from '../../../shared/routes.js';
import { jobList } from '../../../shared/jobs.js';
import { LOCAL_PASSWORD } from '../../../infra/local/users.js';
import { routeTableNames, writeRouteTable } from '../../../infra/constructs/route-table.js';
import { esbuildOptions } from '../../../infra/constructs/route-function.js';

const root = join(__dirname, '../../..');
const functions = [
  ...routeList.map((r) => ({ name: r.name as string, renders: r.kind === 'page', route: true })),
  ...jobList.map((j) => ({ name: j.name as string, renders: j.mail === true, route: false })),
];

/**
 * Document functions: they read or write Word documents with a big library, which no other function
 * may carry: `docx` writes the minutes as a .docx (issue 13 §2, ~220 KB minified), `mammoth` reads an
 * uploaded .docx of past minutes into HTML (§4, ~0.5 MB with its ZIP reader and XML parser). Each
 * has its own budget, which says why; every other function is held to 300 KB and to none of these
 * libraries.
 */
const documentFunctions: Record<string, { limitKb: number; why: string }> = {
  'download-staff-minutes': { limitKb: 1024, why: 'docx writes the minutes as a Word document' },
  'download-public-minutes': { limitKb: 1024, why: 'docx writes the published minutes as a Word document' },
  'import-minutes': { limitKb: 750, why: 'mammoth reads an uploaded .docx of past minutes (issue 13 §4)' },
  'submit-minutes-import': { limitKb: 750, why: 'mammoth reads an uploaded .docx of past minutes, and the multipart parser reads the upload form' },
};
const documentLibraries = /node_modules\/(mammoth|docx|jszip|fflate|@xmldom|bluebird|lop|dingbat-to-unicode|underscore|option|xmlbuilder)\//;

let meta: Metafile;
const texts = new Map<string, string>();
const outputOf = (name: string) => Object.entries(meta.outputs).find(([file]) => file.endsWith(`/${name}.mjs`))![1];

describe('function bundles', () => {
  beforeAll(async () => {
    // One build per function, as CDK makes them (infra/constructs/route-function.ts): a route's
    // function with its own route table (infra/constructs/route-table.ts).
    const results = await Promise.all(
      functions.map((f) =>
        build({
          absWorkingDir: root,
          entryPoints: { [f.name]: join(root, 'functions', `${f.name}.ts`) },
          tsconfig: writeRouteTable(root, f.name),
          outdir: join(root, 'cdk.out/bundle-size-test'),
          outExtension: { '.js': '.mjs' },
          write: false,
          // CDK's own options (infra/constructs/route-function.ts BUNDLING), so the two cannot drift;
          // but no source map: it changes nothing checked here (the bundle only names it) and costs time.
          ...esbuildOptions(),
          sourcemap: false,
          metafile: true,
          logLevel: 'silent',
        }),
      ),
    );
    meta = { inputs: {}, outputs: Object.assign({}, ...results.map((r) => r.metafile.outputs)) };
    for (const file of results.flatMap((r) => r.outputFiles ?? [])) texts.set(file.path.split('/').pop()!, file.text);
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
    // Its own route's entry only: no other route's path is in it (the OpenAPI document's function reads them all).
    if (f.route && name !== 'get-openapi') {
      const text = texts.get(`${name}.mjs`)!;
      const own = routes[name as RouteName].path;
      const others = routeList.filter((r) => r.path !== own && text.includes(`path:${JSON.stringify(r.path)}`));
      expect(others.map((r) => r.name), 'other routes of the table are in this bundle').toEqual([]);
    }
  });

  it('every route of the table can be cut out of shared/routes.ts on its own', () => {
    expect(routeTableNames(root).sort()).toEqual(routeList.map((r) => r.name as string).sort());
  });
});
