/**
 * Read routes in one DynamoDB call where the key design allows it (issue 15 §7): a read route that
 * needs more says why in its route-table entry, and in how many sequential rounds its calls run
 * (test/integration/events.test.ts measures the rounds of each sample).
 */
import { describe, expect, it } from 'vitest';
import { routeList } from '../../../shared/routes.js';

const reads = routeList.filter((r) => r.method === 'GET');

describe('read routes', () => {
  it('each one that makes more than one call says why, in at most as many rounds as calls', () => {
    const unexplained = reads.filter((r) => r.dynamoCalls > 1 && !r.reads?.why.trim()).map((r) => r.name);
    expect(unexplained).toEqual([]);
    for (const r of reads.filter((x) => x.reads)) {
      expect(r.reads!.rounds, r.name).toBeGreaterThanOrEqual(1);
      expect(r.reads!.rounds, r.name).toBeLessThanOrEqual(r.dynamoCalls);
    }
  });

  it('a route that makes one call (or none) does not claim a reason it does not need', () => {
    expect(reads.filter((r) => r.dynamoCalls <= 1 && r.reads).map((r) => r.name)).toEqual([]);
  });
});
