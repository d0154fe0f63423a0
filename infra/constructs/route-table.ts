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

/** The entries of a routes.ts source, by name, as written. */
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

/** The project's shared/routes.ts, cut into entries; undefined when the project has none (a test's stand-in root). */
function tableOf(projectRoot: string) {
  const file = path.join(projectRoot, 'shared', 'routes.ts');
  return existsSync(file) ? entriesOf(readFileSync(file, 'utf8')) : undefined;
}

/** The source of a route table holding `name` alone, its imports made absolute (it is written elsewhere). */
function sourceFor(projectRoot: string, { header, tail }: ReturnType<typeof entriesOf>, name: string, entry: string): string {
  const shared = path.join(projectRoot, 'shared');
  const absolute = header.replace(/from '\.\/([^']+)'/g, (_, file: string) => `from '${path.join(shared, file)}'`);
  return `// Written by infra/constructs/route-table.ts from shared/routes.ts: the route ${name} alone.\n${absolute}${TABLE_START}${entry}${tail}`;
}

/** Every route name as shared/routes.ts spells its entries (a test holds it to the table itself). */
export function routeTableNames(projectRoot: string): string[] {
  return [...(tableOf(projectRoot)?.entries.keys() ?? [])];
}

/**
 * Writes the function's own table and a tsconfig that maps `#route-table` to it (extending the
 * project's), under `.build/route-tables/<name>/`; answers the tsconfig's path, for esbuild. A
 * function that is no route of the table (a scheduled job) gets none: undefined.
 */
export function writeRouteTable(projectRoot: string, name: string): string | undefined {
  // (A project root without a route table — a test's stand-in — gets none either.)
  const table = tableOf(projectRoot);
  const entry = table?.entries.get(name);
  if (!table || !entry) return undefined;
  const dir = path.join(projectRoot, '.build', 'route-tables', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'routes.ts'), sourceFor(projectRoot, table, name, entry));
  const tsconfig = path.join(dir, 'tsconfig.json');
  const config = {
    extends: path.join(projectRoot, 'tsconfig.json'),
    compilerOptions: { paths: { '#route-table': ['./routes.ts'] } },
  };
  writeFileSync(tsconfig, JSON.stringify(config, null, 2) + '\n');
  return tsconfig;
}
