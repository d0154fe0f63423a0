/**
 * Nunjucks with GOV.UK Frontend's templates; autoescaping on for HTML, off for plain-text email.
 *
 * Templates are compiled ahead of time (infra/tools/precompile-views.ts) and run on Nunjucks' slim
 * runtime, which has no compiler: bundles stay small and a cold start compiles nothing. They are
 * read from VIEWS_DIR (beside the bundle in Lambda), or from `.build/views` in the repository.
 */
import nunjucks from 'nunjucks/browser/nunjucks-slim.js';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { config } from '../config.js';
import { formatLondonDate, formatLondonDateTime, formatLondonTime } from '../domain/time.js';

/** Where infra/tools/precompile-views.ts writes the compiled templates, from the repository root. */
export const COMPILED_VIEWS = '.build/views';

function viewsDir(): string {
  const dir = config().VIEWS_DIR ?? resolve(dirname(fileURLToPath(import.meta.url)), '../..', COMPILED_VIEWS);
  if (!existsSync(join(dir, 'layout.njk.js'))) {
    throw new Error(`No compiled templates in ${dir}: run \`npm run views\` (npm start does).`);
  }
  return dir;
}

/**
 * Loads `<name>.js` as written by precompile-views: the body of a function that returns the compiled
 * template, as Nunjucks' own compiler output is run. Relative names (GOV.UK's macros include
 * "./template.njk") resolve against the including template's name.
 */
function compiledLoader(dir: string): nunjucks.ILoader {
  return {
    getSource(name: string) {
      let code: string;
      try {
        code = readFileSync(join(dir, `${posix.normalize(name)}.js`), 'utf8');
      } catch {
        return null as never; // Nunjucks then reports "template not found"
      }
      return { src: { type: 'code', obj: new Function(code)() }, path: name, noCache: false } as never;
    },
    isRelative: (name: string) => name.startsWith('./') || name.startsWith('../'),
    resolve: (from: string, to: string) => posix.join(posix.dirname(from), to),
  } as nunjucks.ILoader;
}

function environment(autoescape: boolean) {
  const env = new nunjucks.Environment(compiledLoader(viewsDir()), { autoescape, throwOnUndefined: false });
  env.addFilter('londonDateTime', (v: string) => (v ? formatLondonDateTime(v) : ''));
  env.addFilter('londonDate', (v: string) => (v ? formatLondonDate(v) : ''));
  env.addFilter('londonTime', (v: string) => (v ? formatLondonTime(v) : ''));
  // Our brand (settings; README "Brand"), for the layout and the emails.
  const c = config();
  env.addGlobal('organisation', {
    name: c.ORGANISATION_NAME,
    colour: c.ORGANISATION_COLOUR,
    url: c.ORGANISATION_URL,
    feedbackEmail: c.FEEDBACK_EMAIL ?? c.ENGAGEMENT_MANAGER_EMAIL,
  });
  env.addFilter('plural', (n: number, one: string, many: string) => `${n} ${Math.abs(n) === 1 ? one : many}`);
  // Nunjucks' own trim (`/^\s*|\s*$/g`) takes time quadratic in a run of whitespace, and GOV.UK's
  // macros trim every component's output: it was the largest cost of rendering a long page.
  // A trusted (safe) string stays trusted, as with Nunjucks' own filter.
  const { SafeString } = nunjucks.runtime;
  env.addFilter('trim', (v: unknown) => (v instanceof SafeString ? new SafeString(v.toString().trim()) : String(v ?? '').trim()));
  return env;
}

let html: nunjucks.Environment | undefined;
let text: nunjucks.Environment | undefined;

export function render(view: string, data: Record<string, unknown>): string {
  html ??= environment(true);
  return html.render(view, data);
}

/** Email templates: `email/<name>.subject.njk`, `.text.njk` and `.html.njk`. */
export function renderEmail(name: string, data: Record<string, unknown>) {
  html ??= environment(true);
  text ??= environment(false);
  return {
    subject: text.render(`email/${name}.subject.njk`, data).trim(),
    text: text.render(`email/${name}.text.njk`, data),
    html: html.render(`email/${name}.html.njk`, data),
  };
}
