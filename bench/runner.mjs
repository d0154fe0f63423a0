// One cold start: a fresh Node process loads a bundle and answers one event, then reports the
// time from its first line to the answer (Node's own start-up, the same for every function, is
// left out). Usage: node bench/runner.mjs <bundle.mjs> <event.json>
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const t0 = performance.now();
const [bundle, eventFile] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const { handler } = await import(pathToFileURL(bundle).href);
const t1 = performance.now();
const context = { functionName: 'bench', awsRequestId: 'bench', getRemainingTimeInMillis: () => 10_000 };
const result = await handler(event, context);
const t2 = performance.now();
process.stdout.write(JSON.stringify({ loadMs: t1 - t0, answerMs: t2 - t1, totalMs: t2 - t0, status: result?.statusCode ?? null }));
// Lambda freezes the process here; open keep-alive sockets must not keep it alive.
process.exit(0);
