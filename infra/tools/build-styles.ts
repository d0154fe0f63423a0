/**
 * Compiles our stylesheet (shared/views/styles/app.scss: GOV.UK Frontend's Sass with our brand
 * settings, and our own rules) into `.build/assets/app.css`, which the asset route serves at
 * `/assets/app/app.css`. Arial instead of GDS Transport (licensed for GOV.UK only) and none of
 * GOV.UK's @font-face rules or images, so no font file or GOV.UK brand image is ever referenced.
 *
 * Run beside precompile-views by `npm start` (and so by the tests), `npm run invoke` and
 * `cdk synth`/`cdk deploy` (infra/app.ts; the asset function copies the file beside its bundle).
 * `npm run styles` runs it alone. The organisation's colour is a setting read when the site runs
 * (shared/http/assets.ts serves it as /assets/app/brand.css), so it needs no rebuild.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as sass from 'sass';
import { COMPILED_STYLES } from '../../shared/http/assets.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const STYLES_ENTRY = join(root, 'shared', 'views', 'styles', 'app.scss');

/** The compiled CSS (compressed), without writing it. */
export function compileStyles(): string {
  return sass.compile(STYLES_ENTRY, {
    loadPaths: [join(root, 'node_modules')],
    style: 'compressed',
    // GOV.UK Frontend's own deprecation notices are not ours to act on.
    quietDeps: true,
  }).css;
}

/** Writes `<outDir>/app.css` whole then renames it, so a server reading it never sees half a file. */
export function buildStyles(outDir = join(root, COMPILED_STYLES)): string {
  const target = join(outDir, 'app.css');
  mkdirSync(dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.tmp`;
  writeFileSync(temp, compileStyles());
  renameSync(temp, target);
  return target;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(`Compiled the styles into ${buildStyles(process.argv[2] ? resolve(process.argv[2]) : undefined)}`);
}
