/**
 * `npm run token -- <email>`: prints an ID token from the local issuer for a seeded user, for use as
 * `Authorization: Bearer <token>` against the local API. `--base http://localhost:3001` if the
 * server runs on another port (the issuer's URL includes it).
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { localIssuer } from './issuer.js';
import { localUsers } from './users.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const { values, positionals } = parseArgs({ allowPositionals: true, options: { base: { type: 'string', default: `http://localhost:${process.env.PORT ?? 3000}` } } });
const email = (positionals[0] ?? 'engagement.manager@example.org').toLowerCase();
const user = localUsers.find((u) => u.email === email);
if (!user) {
  console.error(`No local user ${email}. Local users: ${localUsers.map((u) => u.email).join(', ')}`);
  process.exit(1);
}
const issuer = await localIssuer(values.base!, join(root, '.local/keys'));
console.log(await issuer.sign(user));
