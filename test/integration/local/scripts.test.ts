/**
 * The README's commands against `npm start -- --memory --port <free>`, as a newcomer runs them: the
 * real start script in a child process (its own stack file, named by SCRUTINY_STACK_FILE, so the
 * suite's stack and a product started by hand are untouched), then `npm run token`, `seed` and
 * `remind` (the job script) as child processes that find it through the stack file alone. After a
 * clean stop the file is gone and the scripts say to start the product first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { freePort } from '../../../infra/local/services.js';
import type { StackInfo } from '../../../infra/local/stack-file.js';

const stackFile = join(tmpdir(), `scrutiny-scripts-${randomBytes(6).toString('hex')}.json`);
const env = { ...process.env, NODE_NO_WARNINGS: '1', SCRUTINY_STACK_FILE: stackFile, POWERTOOLS_LOG_LEVEL: 'ERROR' };
let product: ChildProcess;
let banner = '';
let stack: StackInfo;
let port: number;

/** Runs one of the local scripts to its end, as `npm run <script>` would. */
function script(file: string, args: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `infra/local/${file}`, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  port = await freePort();
  product = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts', '--memory', '--port', String(port)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  product.stdout!.on('data', (c: Buffer) => (banner += c.toString()));
  let stderr = '';
  product.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  // The stack file is written once everything is up: it is the signal a script waits for.
  const deadline = Date.now() + 120_000; // generous: on a busy machine Java and tsx start slowly
  while (!existsSync(stackFile) || !banner.includes('Ctrl-C')) {
    if (product.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not come up (exit ${product.exitCode})\n${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  stack = JSON.parse(readFileSync(stackFile, 'utf8')) as StackInfo;
}, 150_000);

afterAll(async () => {
  if (product && product.exitCode === null) product.kill('SIGKILL');
});

describe('npm start -- --memory --port <free>, then the README commands', () => {
  it('writes where everything runs, and its banner tells the truth', () => {
    expect(stack).toMatchObject({ app: `http://localhost:${port}`, table: 'scrutiny-cycle', bucket: 'scrutiny-papers', memory: true, jobs: true, pid: expect.any(Number) });
    // --memory: every stand-in on a free port, not the fixed ones of the README's default.
    for (const [url, fixed] of [[stack.dynamodb, 8000], [stack.ses, 8005], [stack.s3, 4569]] as const) {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(new URL(url).port).not.toBe(String(fixed));
    }
    expect(banner).toContain(`Emails sent (SES)  ${stack.ses}/`);
    expect(banner).toContain(`Public site        http://localhost:${port}/`);
    expect(banner).toMatch(/Scheduled jobs \(London time\): .*send-reminders/);
    expect(banner).toContain(stackFile);
  });

  it('npm run token signs for the running issuer: the API takes the token', async () => {
    const token = await script('token.ts');
    expect(token.code, token.stderr).toBe(0);
    const res = await fetch(`${stack.app}/api/meetings?from=2021-09-01&to=2022-12-31`, { headers: { authorization: `Bearer ${token.stdout.trim()}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ meetings: [] });
  });

  it('npm run seed loads the cycle into it, and npm run remind queues its reminders and its outbox sends them through its SES', async () => {
    const seed = await script('seed.ts');
    expect(seed.code, seed.stderr).toBe(0);
    expect(seed.stdout).toContain('Loaded the demo cycle');
    expect(seed.stdout).toContain(`${stack.app}/staff/meetings`);

    const token = (await script('token.ts')).stdout.trim();
    const listed = (await (await fetch(`${stack.app}/api/meetings?from=2021-09-01&to=2022-12-31`, { headers: { authorization: `Bearer ${token}` } })).json()) as { meetings: { start: string }[] };
    expect(listed.meetings.map((m) => m.start)).toEqual(['2021-09-14T14:00:00.000Z', '2021-12-07T14:00:00.000Z', '2022-03-08T14:00:00.000Z']);

    // 16 November 2021, 08:00 London: the four papers due on the 15th are overdue (author, sponsor, engagement manager each).
    const remind = await script('job.ts', ['send-reminders', '--at', '2021-11-16T08:00']);
    expect(remind.code, remind.stderr).toBe(0);
    expect(remind.stdout).toContain('send-reminders at 2021-11-16T08:00:00.000Z');
    // The sweep queues them in the outbox; the running product's outbox sender sends them a moment later.
    const result = JSON.parse(remind.stdout.slice(remind.stdout.indexOf('{'))) as { queued: number };
    expect(result).toMatchObject({ queued: 12 });
    const overdue = async () => ((await (await fetch(`${stack.ses}/store`)).json()) as { emails: { subject: string }[] }).emails.filter((m) => /overdue/i.test(m.subject)).length;
    await expect.poll(overdue, { timeout: 15_000 }).toBe(12);
  }, 120_000); // about 8 s alone; three scripts' start-up on a busy machine

  it('stops cleanly on Ctrl-C, removing the file; then the scripts say to start the product first', async () => {
    const exited = new Promise((r) => product.once('exit', r));
    product.kill('SIGINT');
    await exited;
    expect(existsSync(stackFile)).toBe(false);
    for (const [file, args] of [['token.ts', []], ['seed.ts', []], ['job.ts', ['send-reminders']]] as const) {
      const run = await script(file, [...args]);
      expect(run.code, file).not.toBe(0);
      expect(run.stderr, file).toContain('Start the product first with npm start');
    }
  });
});
