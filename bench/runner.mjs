// One cold start: a fresh Node process loads a bundle and answers one event, then reports the
// time from its first line to the answer (Node's own start-up, the same for every function, is
// left out), and the CPU time this process spent in that span (user + system: less swayed than
// the wall clock by other work on a busy machine). Usage: node bench/runner.mjs <bundle.mjs> <event.json>
// (`node --cpu-prof --cpu-prof-dir=<dir> bench/runner.mjs ...` profiles it: bench/profile.ts).
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const t0 = performance.now();
const cpu0 = process.cpuUsage();
const [bundle, eventFile] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const { handler } = await import(pathToFileURL(bundle).href);
const t1 = performance.now();
const cpu1 = process.cpuUsage(cpu0);
const context = { functionName: 'bench', awsRequestId: 'bench', getRemainingTimeInMillis: () => 10_000 };
const result = await handler(event, context);
const t2 = performance.now();
const cpu2 = process.cpuUsage(cpu0);
const ms = (c) => (c.user + c.system) / 1000;
process.stdout.write(JSON.stringify({ loadMs: t1 - t0, answerMs: t2 - t1, totalMs: t2 - t0, loadCpuMs: ms(cpu1), cpuMs: ms(cpu2), status: result?.statusCode ?? null }));
// Lambda freezes the process here; open keep-alive sockets must not keep it alive. (A --cpu-prof
// profile is still written: Node writes it on process.exit.)
process.exit(0);
