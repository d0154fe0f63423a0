/**
 * `npm run token -- <email>`: prints an ID token from the local issuer of the running `npm start`
 * (found in .local/stack.json, whatever its port) for a local user, for use as
 * `Authorization: Bearer <token>` against the local API. `--base <url>` signs for another address.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { localIssuer } from './issuer.js';
import { localUsers } from './users.js';
import { readStack, StackNotRunningError } from './stack-file.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const { values, positionals } = parseArgs({ allowPositionals: true, options: { base: { type: 'string' } } });
const email = (positionals[0] ?? 'engagement.manager@example.org').toLowerCase();
const user = localUsers.find((u) => u.email === email);
if (!user) {
  console.error(`No local user ${email}. Local users: ${localUsers.map((u) => u.email).join(', ')}`);
  process.exit(1);
}
let base = values.base;
try {
  base ??= readStack().app;
} catch (error) {
  if (!(error instanceof StackNotRunningError)) throw error;
  console.error(error.message);
  process.exit(1);
}
const issuer = await localIssuer(base.replace(/\/+$/, ''), join(root, '.local/keys'));
console.log(await issuer.sign(user));
