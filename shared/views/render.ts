/** Nunjucks with GOV.UK Frontend's templates; autoescaping on for HTML, off for plain-text email. */
import nunjucks from 'nunjucks';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { config } from '../config.js';
import { formatLondonDate, formatLondonDateTime, formatLondonTime } from '../domain/time.js';

/** Template folders: VIEWS_DIR in a Lambda bundle (app/ and govuk/), the repository locally. */
function searchPaths(): string[] {
  const dir = config().VIEWS_DIR;
  if (dir) return [join(dir, 'app'), dir];
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  return [join(root, 'shared/views'), join(root, 'node_modules/govuk-frontend/dist')];
}

function environment(autoescape: boolean) {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(searchPaths()), { autoescape, throwOnUndefined: false });
  env.addFilter('londonDateTime', (v: string) => (v ? formatLondonDateTime(v) : ''));
  env.addFilter('londonDate', (v: string) => (v ? formatLondonDate(v) : ''));
  env.addFilter('londonTime', (v: string) => (v ? formatLondonTime(v) : ''));
  env.addFilter('plural', (n: number, one: string, many: string) => `${n} ${Math.abs(n) === 1 ? one : many}`);
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
