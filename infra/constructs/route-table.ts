/**
 * Each function's own route table. The handler reads the route table through the package import
 * `#route-table` (package.json "imports": shared/routes.ts, the whole table, for the local server,
 * tests and tools). An AWS bundle maps that import, through a tsconfig `paths` entry, to a table
 * holding its own route alone, written here from shared/routes.ts itself (the same entry, the same
 * schema imports). So a function carries and builds only its own route's schemas, not every
 * route's (about 20–30 KB of each bundle and their build time at every cold start: issue 15 §5);
 * the schema modules no route of the function names are left out by esbuild.
 *
 * Used by the CDK construct (infra/constructs/route-function.ts), the bundle test and the bench, so
 * all three build a function the same way.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const TABLE_START = 'export const routes = {';
const TABLE_END = '\n} as const;';

/** The entries of shared/routes.ts, by name, as written. */
function entriesOf(source: string) {
  const start = source.indexOf(TABLE_START);
  const end = source.indexOf(TABLE_END, start);
  if (start < 0 || end < 0) throw new Error(`shared/routes.ts: cannot find "${TABLE_START}" … "${TABLE_END.trim()}"`);
  const body = source.slice(start + TABLE_START.length, end);
  // An entry runs from its `  'name': route(` line to the next one (comments between ride along).
  const lines = body.split('\n');
  const starts = lines.flatMap((line, i) => (/^ {2}'[a-z0-9-]+': route\(/.test(line) ? [i] : []));
  const entries = new Map<string, string>();
  starts.forEach((from, k) => {
    const name = /^ {2}'([a-z0-9-]+)'/.exec(lines[from]!)![1]!;
    entries.set(name, '\n' + lines.slice(from, starts[k + 1] ?? lines.length).join('\n'));
  });
  return { header: source.slice(0, start), entries, tail: source.slice(end) };
}

/** The source of a route table holding `name` alone, its imports made absolute (it is written elsewhere). */
export function routeTableSource(projectRoot: string, name: string): string {
  const shared = path.join(projectRoot, 'shared');
  const source = readFileSync(path.join(shared, 'routes.ts'), 'utf8');
  const { header, entries, tail } = entriesOf(source);
  const entry = entries.get(name);
  if (!entry) throw new Error(`shared/routes.ts has no route "${name}" starting a line as \`  '${name}': route(\``);
  const absolute = header.replace(/from '\.\/([^']+)'/g, (_, file: string) => `from '${path.join(shared, file)}'`);
  return `// Written by infra/constructs/route-table.ts from shared/routes.ts: the route ${name} alone.\n${absolute}${TABLE_START}${entry}${tail}`;
}

/** Every route name as shared/routes.ts spells its entries (a test holds it to the table itself). */
export function routeTableNames(projectRoot: string): string[] {
  return [...entriesOf(readFileSync(path.join(projectRoot, 'shared', 'routes.ts'), 'utf8')).entries.keys()];
}

/**
 * Writes the function's own table and a tsconfig that maps `#route-table` to it (extending the
 * project's), under `.build/route-tables/<name>/`; answers the tsconfig's path, for esbuild. A
 * function that is no route of the table (a scheduled job) gets none: undefined.
 */
export function writeRouteTable(projectRoot: string, name: string): string | undefined {
  // (A project root without a route table — a test's stand-in — gets none either.)
  if (!existsSync(path.join(projectRoot, 'shared', 'routes.ts')) || !routeTableNames(projectRoot).includes(name)) return undefined;
  const dir = path.join(projectRoot, '.build', 'route-tables', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'routes.ts'), routeTableSource(projectRoot, name));
  const tsconfig = path.join(dir, 'tsconfig.json');
  const config = {
    extends: path.join(projectRoot, 'tsconfig.json'),
    compilerOptions: { paths: { '#route-table': ['./routes.ts'] } },
  };
  writeFileSync(tsconfig, JSON.stringify(config, null, 2) + '\n');
  return tsconfig;
}
