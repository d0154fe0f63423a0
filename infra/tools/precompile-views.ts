/**
 * Compiles every Nunjucks template (ours in shared/views, GOV.UK Frontend's) to JavaScript ahead of
 * time, one `<name>.js` file per template under `.build/views`. Lambda functions load these with
 * Nunjucks' slim runtime (shared/views/render.ts), so no bundle carries the template compiler and no
 * cold start compiles GOV.UK's page template and macros (`npm run bench` measured ~200 ms on a page's
 * first render, and 52 KB of every rendering bundle).
 *
 * Run by `npm start` (and so by the tests and the bench), `npm run invoke`, `npm run job` and
 * `cdk synth`/`cdk deploy` (infra/app.ts; the functions copy the folder beside their bundle).
 * `npx tsx infra/tools/precompile-views.ts [outDir]` runs it alone.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import nunjucks from 'nunjucks';
import { COMPILED_VIEWS } from '../../shared/views/render.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const COMPILED_VIEWS_DIR = join(root, COMPILED_VIEWS);

/** Template sources and the name each is known by (`meeting.njk`, `govuk/components/button/macro.njk`). */
const SOURCES = [
  { dir: join(root, 'shared', 'views'), base: join(root, 'shared', 'views') },
  { dir: join(root, 'node_modules', 'govuk-frontend', 'dist', 'govuk'), base: join(root, 'node_modules', 'govuk-frontend', 'dist') },
];

function templatesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.njk'))
    .map((f) => join(dir, f));
}

/**
 * Writes `<outDir>/<name>.js` for every template: the body of a function that returns Nunjucks'
 * compiled template object (what Nunjucks itself makes with `new Function` when it compiles at run
 * time). Each file is written whole then renamed, so a process reading the folder (or a second
 * process compiling into it) never sees half a file. Returns how many templates were compiled.
 */
export function precompileViews(outDir = COMPILED_VIEWS_DIR): number {
  const env = new nunjucks.Environment([]);
  let count = 0;
  for (const { dir, base } of SOURCES) {
    for (const file of templatesUnder(dir)) {
      const name = relative(base, file).split(sep).join('/');
      const code = nunjucks.precompileString(readFileSync(file, 'utf8'), {
        name,
        env,
        // Nunjucks passes an array of { name, template } (its type says a single one).
        wrapper: (templates) => `// ${name}, compiled by infra/tools/precompile-views.ts\n${(templates as unknown as { template: string }[])[0]!.template}`,
      });
      const target = join(outDir, `${name}.js`);
      mkdirSync(dirname(target), { recursive: true });
      const temp = `${target}.${process.pid}.tmp`;
      writeFileSync(temp, code);
      renameSync(temp, target);
      count++;
    }
  }
  return count;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const outDir = resolve(process.argv[2] ?? COMPILED_VIEWS_DIR);
  if (process.argv.includes('--clean')) rmSync(outDir, { recursive: true, force: true });
  console.log(`Compiled ${precompileViews(outDir)} templates into ${outDir}`);
}
