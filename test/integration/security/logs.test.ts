/**
 * Logs: everything the functions write while staff plan a meeting, authors submit papers and the
 * public ask questions (including the paths that log: a failed email, a filled honeypot, a rate
 * limit, a form refused) is structured JSON from the Powertools logger, and none of it holds an
 * email address, a link secret, a session token or a submitter's name.
 *
 * The handlers run in this process (the local server on a private table, debug level), so their
 * stdout and stderr can be captured. Email goes through a small proxy in front of the SES
 * emulator that can answer as SES does when it refuses an address: with the address in the error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { logger } from '../../../shared/observability.js';
import { csrfTokenFor } from '../../../shared/http/csrf.js';
import { endpoints } from '../../support/http.js';
import { PDF, postToS3, uploadFormOf } from '../../support/papers.js';
import { call, makeWorld, privateStack, staffToken, withCsrf, type PrivateStack, type World } from '../../support/world.js';

let stack: PrivateStack;
let ses: Server;
let sesFails = false;
let staff: string;
const secrets: string[] = [];
const lines: string[] = [];

/** Forwards to the SES emulator, or refuses as SES does ("Email address is not verified ... <address>"). */
function sesProxy(target: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      if (sesFails) {
        const to = /Destination\.ToAddresses\.member\.1=([^&]+)/.exec(body.toString())?.[1];
        res.writeHead(400, { 'content-type': 'text/xml' });
        res.end(
          `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>MessageRejected</Code>` +
            `<Message>Email address is not verified. The following identities failed the check in region EU-WEST-2: ${decodeURIComponent(to ?? '')}</Message>` +
            `</Error><RequestId>1</RequestId></ErrorResponse>`,
        );
        return;
      }
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length')) as Record<string, string>;
      const out = await fetch(target + (req.url ?? '/'), { method: req.method, headers, body: req.method === 'GET' ? undefined : body });
      res.writeHead(out.status, { 'content-type': out.headers.get('content-type') ?? 'text/xml' });
      res.end(Buffer.from(await out.arrayBuffer()));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` })));
}

function capture() {
  const restore: (() => void)[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      lines.push(...String(chunk).split('\n').filter((l) => l.trim()));
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => (stream.write = write));
  }
  return () => restore.forEach((r) => r());
}

/** An author submits a paper through the real upload form (to the S3 emulator) and the confirm step. */
async function submitPaper(w: World) {
  const link = `/papers/${w.requestId}/${w.authorKey}`;
  const authorPage = await call(stack.app, { method: 'GET', path: link, now: w.now });
  expect(authorPage.status, authorPage.text.slice(0, 300)).toBe(200);
  const form = uploadFormOf(authorPage.text);
  const back = new URL(await postToS3(form, PDF, 'road-safety.pdf', 'application/pdf'));
  const checked = await call(stack.app, { method: 'GET', path: back.pathname + back.search, now: w.now });
  expect(checked.status, checked.text.slice(0, 300)).toBe(200);
  const sent = await call(stack.app, { method: 'POST', path: link, now: w.now, form: { upload: form.uploadId, points: ['0'], summary: 'Vision Zero figures for 2021.' } });
  expect(sent.status, sent.text.slice(0, 300)).toBe(200);
}

async function ask(w: World, fields: Record<string, string> = {}) {
  const form = await call(stack.app, { method: 'GET', path: `/meetings/${w.meetingId}/questions/new`, now: w.now });
  const idempotencyKey = /name="idempotencyKey" value="([^"]+)"/.exec(form.text)![1]!;
  return call(stack.app, {
    method: 'POST',
    path: `/meetings/${w.meetingId}/questions`,
    now: w.now,
    form: { idempotencyKey, name: 'Priya Lastname-Unique', email: 'priya.unique@example.org', district: 'Bradford', question: 'When will the Op Snap figures be published?', website: '', ...fields },
  });
}

beforeAll(async () => {
  const proxy = await sesProxy(endpoints().ses);
  ses = proxy.server;
  // Two questions an hour: the world asks one, this test one more, and the third is refused.
  stack = await privateStack({ SES_ENDPOINT: proxy.url, QUESTION_RATE_LIMIT_PER_HOUR: '2', OUTBOX_SEND_RATE_PER_SECOND: '1000' });
  staff = await staffToken();
  logger.setLogLevel('DEBUG');
  // Once before capturing, so the SDK's one-off Node.js version warning is not counted as app output.
  await makeWorld(stack.app, staff);

  const stop = capture();
  try {
    const w = await makeWorld(stack.app, staff);
    secrets.push(w.authorKey, w.otherAuthorKey, w.forgetKey, staff, csrfTokenFor(staff));
    await submitPaper(w);
    expect((await ask(w)).status).toBe(200);
    // The rate limit (a third question in the hour), the honeypot, a refused form.
    expect((await ask(w, { question: 'And the average speed cameras?' })).status).toBe(429);
    expect((await ask(w, { website: 'https://spam.example.com' })).status).toBe(200);
    expect((await ask(w, { email: 'not-an-email' })).status).toBe(400);
    // Emails refused by SES (with the address in its error): a request, a return to the author.
    sesFails = true;
    const topic = await call(stack.app, { method: 'POST', path: '/api/topics', token: staff, now: w.now, json: { title: 'Safeguarding', points: ['Child exploitation'], source: { kind: 'staff' } } });
    const made = await call(stack.app, {
      method: 'POST',
      path: `/api/meetings/${w.meetingId}/requests`,
      token: staff,
      now: w.now,
      json: { topicId: topic.json.id, sponsor: { name: 'ACC Safeguarding', email: 'acc.safeguarding@example.org' }, author: { name: 'DCI Safeguarding', email: 'dci.safeguarding@example.org' } },
    });
    expect(made.status, made.text).toBe(201);
    const returned = await call(stack.app, { method: 'POST', path: `/api/meetings/${w.meetingId}/requests/${w.requestId}/return`, token: staff, now: w.now, json: { comments: 'Please add the district figures.' } });
    expect(returned.status, returned.text).toBe(200);
    // A staff form refused for its CSRF token, and one that goes through.
    expect((await call(stack.app, { method: 'POST', path: '/staff/topics', cookie: `session=${staff}`, now: w.now, form: { title: 'Road Safety', points: 'x', source: 'staff' } })).status).toBe(403);
    expect((await call(stack.app, { method: 'POST', path: '/staff/topics', cookie: `session=${staff}`, now: w.now, form: withCsrf(staff, { title: 'Road Safety', points: 'x', source: 'staff' }) })).status).toBe(303);
    // The outbox (this stack's poller) tries the refused emails: wait until it has logged them.
    for (let i = 0; i < 400 && !lines.some((l) => l.includes('Outbox email failed')); i++) await new Promise((r) => setTimeout(r, 50));
    sesFails = false;
  } finally {
    stop();
  }
}, 120_000);

afterAll(async () => {
  sesFails = false;
  logger.setLogLevel((process.env.POWERTOOLS_LOG_LEVEL as 'WARN') ?? 'WARN');
  await stack?.close();
  await new Promise((r) => ses?.close(r));
});

describe('logs', () => {
  it('were written (the failed emails, the honeypot and the rate limit each log a warning)', () => {
    const messages = lines.map((l) => (JSON.parse(l) as { message: string }).message);
    expect(messages).toContain('Outbox email failed');
    expect(messages).toContain('Question honeypot filled: not stored');
    expect(messages).toContain('Question rate limit reached');
  });

  it('are structured JSON, one object a line, from the Powertools logger', () => {
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      let entry: Record<string, unknown> = {};
      expect(() => (entry = JSON.parse(line)), line).not.toThrow();
      expect(entry, line).toMatchObject({ level: expect.any(String), message: expect.any(String), timestamp: expect.any(String), service: 'scrutiny-cycle' });
    }
  });

  it('never hold an email address, a link secret, a session token or a submitter’s name', () => {
    const all = lines.join('\n');
    expect(all).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/);
    expect(all).not.toMatch(/%40|&#64;/);
    for (const secret of secrets) expect(all.includes(secret), `a secret (${secret.slice(0, 6)}…) is in the logs`).toBe(false);
    expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
    expect(all).not.toContain('Priya');
    expect(all).not.toContain('Lastname-Unique');
  });
});
