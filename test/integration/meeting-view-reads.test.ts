/**
 * The meeting view (get-meeting, and the staff meeting page built on it) reads only the key ranges it
 * shows (issue 15 §8): not the requests' history entries, nor their paper versions (each request keeps
 * its latest in short), against DynamoDB Local. What each Query returned is recorded by an SDK
 * middleware (as shared/aws/call-counter.ts counts calls).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import { endpoints, uniqueEmail } from '../support/http.js';
import { ensureTable } from '../../infra/local/services.js';
import { useLocalEnv } from '../../infra/local/env.js';
import type { PaperVersion, HistoryEntry } from '../../shared/schemas/papers.js';

let planning: typeof import('../../shared/app/planning.js');
let store: typeof import('../../shared/store/store.js');
let clients: typeof import('../../shared/aws/clients.js');
let papers: typeof import('../../shared/domain/papers.js');
const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  const table = `meeting-view-${Date.now().toString(36)}`;
  await ensureTable(endpoints().dynamodb, table);
  useLocalEnv(endpoints(), { TABLE_NAME: table, POWERTOOLS_LOG_LEVEL: 'ERROR' });
  planning = await import('../../shared/app/planning.js');
  store = await import('../../shared/store/store.js');
  clients = await import('../../shared/aws/clients.js');
  papers = await import('../../shared/domain/papers.js');
});

/** The sort keys every Query returned while `work` ran, and how many calls it made. */
async function readsOf<T>(work: () => Promise<T>) {
  const sortKeys: string[] = [];
  let calls = 0;
  const name = `viewReads${Math.random()}`;
  const client = clients.dynamo();
  client.middlewareStack.add(
    (next: (args: any) => Promise<any>) => async (args: any) => {
      calls++;
      const out = await next(args);
      for (const item of (out?.output?.Items ?? []) as Record<string, unknown>[]) sortKeys.push(String(item.sk));
      return out;
    },
    { step: 'initialize', name },
  );
  try {
    return { result: await work(), sortKeys, calls };
  } finally {
    client.middlewareStack.remove(name);
  }
}

describe('the meeting view reads only the key ranges it shows', () => {
  it('reads no history entry and no paper version; shows each request\u2019s latest version', async () => {
    const made = at('2031-01-05T09:00:00Z');
    const [m] = await planning.createMeetings([{ title: 'Community Outcomes Meeting', start: '2031-03-04T14:00', place: 'Online' }], made);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const t = await planning.createTopic({ title: `Topic ${i} ${ulid().slice(-4)}`, points: ['One', 'Two', 'Three'], source: { kind: 'staff' } }, made);
      ids.push((await planning.createRequest(m!.id, { topicId: t.id, author: { name: 'Author', email: uniqueEmail('a') }, sponsor: { name: 'Sponsor', email: uniqueEmail('s') } }, 'https://example.org', made)).id);
    }
    // Five versions of each paper, each with its history entry, written through the store (uploads are
    // not what is tested); the first request is stored as before requests kept their latest version.
    for (const [n, id] of ids.entries()) {
      let request = (await store.requestStore.get(m!.id, id))!;
      for (let v = 1; v <= 5; v++) {
        const paper: PaperVersion = {
          id: ulid(), requestId: id, meetingId: m!.id, title: request.title, number: v, kind: 'pdf', size: 1000 * v, s3Key: `papers/${id}/${v}.pdf`,
          pointsCovered: request.points.slice(0, 1 + (v % 3)), pointsTotal: 3, summary: 'A summary of the paper. '.repeat(20), submittedAt: `2031-01-1${v}T10:00:00.000Z`,
          submittedBy: { kind: 'author', name: 'Author' },
        };
        const history: HistoryEntry = { id: ulid(), requestId: id, meetingId: m!.id, at: paper.submittedAt, by: paper.submittedBy, action: 'submitted', paperId: paper.id };
        const next = { ...request, status: 'submitted' as const, submittedAt: paper.submittedAt, version: request.version + 1, ...(n === 0 ? {} : { latestVersion: papers.paperInShort(paper) }) };
        await store.writeAll([store.replace(store.itemOf.request(next), request.version), store.create(store.itemOf.paper(paper)), store.create(store.itemOf.history(history))]);
        request = next;
      }
    }

    const { result: view, sortKeys, calls } = await readsOf(() => planning.getMeetingView(m!.id, at('2031-01-20T09:00:00Z')));
    expect(sortKeys.filter((sk) => sk.startsWith('REQUEST-HISTORY#'))).toEqual([]);
    // Only the first request's versions (it keeps no latest): read once, from its own range.
    const versionsRead = sortKeys.filter((sk) => sk.startsWith('PAPER#'));
    expect(versionsRead).toHaveLength(5);
    expect(versionsRead.every((sk) => sk.startsWith(`PAPER#${ids[0]}#`))).toBe(true);
    expect(calls).toBe(3 + 1);
    expect(view.requests).toHaveLength(4);
    for (const r of view.requests) expect(r.latestPaper).toMatchObject({ number: 5, size: 5000, pointsConfirmed: 3, pointsTotal: 3, late: false });
    expect(view.requests.every((r) => !('latestVersion' in r))).toBe(true);

    // Resubmitted (or any meeting whose requests all keep their latest): three calls, no versions.
    const first = (await store.requestStore.get(m!.id, ids[0]!))!;
    await store.requestStore.save({ next: { ...first, latestVersion: { id: 'x', number: 5, submittedAt: first.submittedAt!, pointsConfirmed: 3, pointsTotal: 3, kind: 'pdf', size: 5000 }, version: first.version + 1 }, readVersion: first.version });
    const again = await readsOf(() => planning.getMeetingView(m!.id, at('2031-01-20T09:00:00Z')));
    expect(again.calls).toBe(3);
    expect(again.sortKeys.filter((sk) => sk.startsWith('PAPER#') || sk.startsWith('REQUEST-HISTORY#'))).toEqual([]);
  });
});
