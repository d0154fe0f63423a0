/**
 * Bounces and complaints (issue 14 §2). SES and SNS have no local stand-in that bounces, so the test
 * injects the notification the way SNS delivers it: this process calls record-mail-event's handler
 * with an SNS event (real-shaped SES notifications, test/support/ses-notifications.ts), writing to
 * the shared local stack's table (its endpoints and table name, `useLocalEnv`). The staff pages are
 * then read over HTTP from that stack: the person, the people list and the question queue.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SNSEvent } from 'aws-lambda';
import { api, endpoints, page, postForm, signIn, uniqueEmail } from '../../support/http.js';
import { text } from '../../support/html.js';
import { unique } from '../../support/fixtures.js';
import { bounceNotification, complaintNotification, snsEvent } from '../../support/ses-notifications.js';
import { ask, openMeeting } from '../questions/helpers.js';
import { useLocalEnv } from '../../../infra/local/env.js';

let handler: (event: SNSEvent) => Promise<{ suppressed: number; alreadySuppressed: number; softBounces: number; ignored: number; malformed: number }>;
let suppressions: typeof import('../../../shared/store/suppressions.js');
let clients: typeof import('../../../shared/aws/clients.js');
let cookie: string;

beforeAll(async () => {
  useLocalEnv(endpoints(), { POWERTOOLS_LOG_LEVEL: 'ERROR' });
  ({ handler } = await import('../../../functions/record-mail-event.js'));
  suppressions = await import('../../../shared/store/suppressions.js');
  clients = await import('../../../shared/aws/clients.js');
  cookie = await signIn();
});

afterEach(() => {
  vi.restoreAllMocks();
});

const BOUNCED = 'Emails to this address bounced on Wednesday 1 December 2021: no more email is sent to it. Change the address to send again.';

async function addPerson(email: string) {
  const res = await api('POST', '/api/people', { name: unique('Supt Davison'), role: 'Roads Policing', email });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; name: string; version: number };
}

/** The people list's row of one person, as text. */
async function rowOf(personId: string) {
  const list = await page('/staff/people', { cookie });
  expect(list.status).toBe(200);
  const row = new RegExp(`<tr class="govuk-table__row" id="person-${personId}">([\\s\\S]*?)</tr>`).exec(list.html);
  expect(row).not.toBeNull();
  return text(row![1]!);
}

describe('a hard bounce', () => {
  it('suppresses the address once (the first record kept), staff see it beside the person, and a new address clears it', async () => {
    const email = uniqueEmail('bounced');
    const person = await addPerson(email);
    expect(await rowOf(person.id)).not.toContain('no more email');

    // SES reports the address in its own case; it is recorded lower case.
    const result = await handler(snsEvent(bounceNotification([email.toUpperCase()], { messageId: 'ses-message-1', timestamp: '2021-12-01T10:00:05.123Z' })));
    expect(result).toEqual({ suppressed: 1, alreadySuppressed: 0, softBounces: 0, ignored: 0, malformed: 0 });
    const found = await suppressions.suppressionStore.find([email]);
    expect(found.get(email)).toEqual({
      email,
      reason: 'bounce',
      detail: 'Permanent/General: smtp; 550 5.1.1 user unknown',
      at: '2021-12-01T10:00:05.123Z',
      messageId: 'ses-message-1',
    });

    // SNS delivers at least once, and a later bounce may follow: the first record stays.
    const again = await handler(snsEvent(bounceNotification([email], { messageId: 'ses-message-1', timestamp: '2021-12-01T10:00:05.123Z' }), bounceNotification([email], { messageId: 'ses-message-2', timestamp: '2021-12-02T09:00:00.000Z' })));
    expect(again).toMatchObject({ suppressed: 0, alreadySuppressed: 2 });
    expect((await suppressions.suppressionStore.find([email])).get(email)).toMatchObject({ at: '2021-12-01T10:00:05.123Z', messageId: 'ses-message-1' });

    // Staff see it beside the person: on the list and on the person's page.
    const row = await rowOf(person.id);
    expect(row).toContain(`Bounced ${BOUNCED}`);
    const edit = await page(`/staff/people/${person.id}/edit`, { cookie });
    expect(edit.status).toBe(200);
    expect(text(edit.html)).toContain(`Warning ${BOUNCED}`);

    // A new address is not suppressed: the person's row and page are clear, the old address still is.
    const newEmail = uniqueEmail('new-address');
    const version = /name="version" value="(\d+)"/.exec(edit.html)![1]!;
    const saved = await postForm(`/staff/people/${person.id}/edit`, { version, name: person.name, role: 'Roads Policing', email: newEmail }, { cookie });
    expect(saved.status, text(saved.html).slice(0, 400)).toBe(303);
    expect(await rowOf(person.id)).not.toContain('no more email');
    expect(text((await page(`/staff/people/${person.id}/edit`, { cookie })).html)).not.toContain('no more email');
    const now = await suppressions.suppressionStore.find([email, newEmail]);
    expect([...now.keys()]).toEqual([email]);
  });

  it('in the configuration-set shape, with several recipients, suppresses each', async () => {
    const a = uniqueEmail('one');
    const b = uniqueEmail('two');
    const result = await handler(snsEvent(bounceNotification([a, b], { shape: 'event' })));
    expect(result).toMatchObject({ suppressed: 2 });
    expect([...(await suppressions.suppressionStore.find([a, b])).keys()].sort()).toEqual([a, b].sort());
  });
});

describe('a complaint', () => {
  it('suppresses the submitter’s address; the review queue says so beside that submitter only', async () => {
    const om = await openMeeting();
    const complainer = await ask(om, { name: 'Jane Complainer' });
    const other = await ask(om, { name: 'John Other' });

    const result = await handler(snsEvent(complaintNotification([complainer.asker.email], { shape: 'event', timestamp: '2021-12-01T10:05:01.000Z' })));
    expect(result).toMatchObject({ suppressed: 1 });
    expect((await suppressions.suppressionStore.find([complainer.asker.email])).get(complainer.asker.email)).toMatchObject({ reason: 'complaint', detail: 'Complaint: abuse' });

    const queue = await page(`/staff/meetings/${om.meeting.id}/questions`, { cookie, now: om.now });
    expect(queue.status).toBe(200);
    const card = (id: string) => text(new RegExp(`<div class="govuk-summary-card" id="question-${id}">([\\s\\S]*?)<form`).exec(queue.html)![1]!);
    expect(card(complainer.question.id)).toContain(
      'Complained The recipient complained about an email to this address on Wednesday 1 December 2021 (they marked it as spam): no more email is sent to it. A question asked from another address is emailed as usual.',
    );
    // Another submitter, another address: nothing shown, nothing suppressed.
    expect(card(other.question.id)).not.toContain('no more email');
    expect((await suppressions.suppressionStore.find([other.asker.email])).size).toBe(0);
  });
});

describe('what is not recorded', () => {
  it('a soft bounce, another event type or a bad message is logged and skipped, never thrown', async () => {
    const email = uniqueEmail('soft');
    const result = await handler(
      snsEvent(
        bounceNotification([email], { type: 'Transient' }),
        { eventType: 'Delivery', mail: { messageId: 'm' }, delivery: { recipients: [email] } },
        'not json at all',
        { notificationType: 'Bounce', bounce: { bounceType: 'Permanent' } },
      ),
    );
    expect(result).toEqual({ suppressed: 0, alreadySuppressed: 0, softBounces: 1, ignored: 1, malformed: 2 });
    expect((await suppressions.suppressionStore.find([email])).size).toBe(0);
    // Not an SNS event at all.
    expect(await handler({} as SNSEvent)).toMatchObject({ malformed: 1 });
  });

  it('a DynamoDB failure throws, so SNS delivers the notification again; the retry records it', async () => {
    const email = uniqueEmail('retried');
    // Injected: DynamoDB Local cannot fail on demand, so the client's send rejects once (a throttled write).
    const client = clients.dynamo();
    const real = client.send.bind(client) as (c: unknown) => Promise<unknown>;
    let failed = 0;
    vi.spyOn(client, 'send').mockImplementation(((command: unknown) => {
      if (failed++ === 0) return Promise.reject(Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), { name: 'ProvisionedThroughputExceededException' }));
      return real(command);
    }) as never);
    const event = snsEvent(bounceNotification([email]));
    await expect(handler(event)).rejects.toThrow(/allowed throughput/);
    expect(await handler(event)).toMatchObject({ suppressed: 1 });
    expect((await suppressions.suppressionStore.find([email])).has(email)).toBe(true);
  });
});

describe('the configuration set', () => {
  it('is named on every send when SES_CONFIGURATION_SET is set, and the SES emulator accepts it', async () => {
    const config = await import('../../../shared/config.js');
    const mailer = await import('../../../shared/mail/mailer.js');
    const ses = await clients.sesClient();
    // Observed, not faked: the spy passes every command on to the SES emulator.
    const real = ses.send.bind(ses) as (c: unknown) => Promise<unknown>;
    const sent: Record<string, unknown>[] = [];
    vi.spyOn(ses, 'send').mockImplementation(((command: { input: Record<string, unknown> }) => {
      sent.push(command.input);
      return real(command);
    }) as never);
    const to = uniqueEmail('configured');
    const data = {
      request: { title: 'Road Safety', author: { name: 'Jane Example' } },
      meeting: { title: 'Community Outcomes Meeting', start: '2021-12-07T14:00:00.000Z', place: 'Wellington House, Wakefield' },
      publicLink: 'http://localhost:3000/meetings/x',
    };
    const email = { to: [{ name: 'Jane Example', email: to }], template: 'paper-published', data };
    try {
      process.env.SES_CONFIGURATION_SET = 'scrutiny-cycle';
      config.resetConfig();
      expect(await mailer.sendEmail(email)).toMatchObject({ messageId: expect.stringMatching(/.+/) });
      delete process.env.SES_CONFIGURATION_SET;
      config.resetConfig();
      await mailer.sendEmail(email);
    } finally {
      delete process.env.SES_CONFIGURATION_SET;
      config.resetConfig();
    }
    expect(sent.map((i) => i.ConfigurationSetName)).toEqual(['scrutiny-cycle', undefined]);
    const stored = (await (await fetch(`${endpoints().ses}/store`)).json()) as { emails: { destination: { to: string[] } }[] };
    expect(stored.emails.filter((m) => m.destination.to.some((d) => d.includes(to)))).toHaveLength(2);
  });
});
