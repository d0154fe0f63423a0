/**
 * The routes at a realistic size (issue 15 §2): every route, invoked in this process as Lambda
 * would, in a West Yorkshire-sized year (bench/lib/worlds.ts: 6 meetings, 40 papers with 3 versions
 * each, 500 questions, 2,000 reminder log items, on a table of its own on the test stack's DynamoDB
 * Local), takes its success path (2xx/3xx) and makes no more DynamoDB calls than its route-table
 * entry declares (`dynamoCalls`), as test/integration/events.test.ts holds on the small cycle.
 *
 * Each call's state is made the way the bench makes it (bench/lib/plans.ts: its own meeting,
 * request, paper or question where the route changes one, the version read just before), so this
 * test and `npm run bench` hold the same success paths.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { routeList, routes, type RouteName } from '../../shared/routes.js';
import { dynamo } from '../../shared/aws/clients.js';
import { countDynamoCalls, type CallCount } from '../../shared/aws/call-counter.js';
import { useLocalEnv } from '../../infra/local/env.js';
import { tokenFor } from '../support/http.js';
import { buildWorld, type BuiltWorld } from '../../bench/lib/worlds.js';
import { planOf } from '../../bench/lib/plans.js';
import { contextOf, handlerOf } from '../../bench/lib/fresh.js';

const invocable = routeList.filter((r) => existsSync(join(process.cwd(), 'functions', `${r.name}.ts`)));

let world: BuiltWorld;
let counter: CallCount;

describe('every route at a realistic size', () => {
  beforeAll(async () => {
    const e = inject('endpoints');
    const token = await tokenFor('engagement.manager@example.org');
    // Every question in the world is posted from one address: the rate limits are raised, as the bench does.
    world = await buildWorld('realistic', e, token, () => undefined, {
      QUESTION_RATE_LIMIT_PER_HOUR: '1000000',
      QUESTION_ACKS_PER_HOUR: '1000000',
      QUESTION_ACKS_PER_ADDRESS_PER_DAY: '1000000',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    });
    counter = countDynamoCalls(dynamo());
  }, 240_000);

  afterAll(() => {
    counter?.stop();
    useLocalEnv(inject('endpoints'));
  });

  it.each(invocable.map((r) => [r.name] as const))('%s answers 2xx/3xx within its DynamoDB budget', async (name: RouteName) => {
    const prepared = await planOf(name).prepare(world.fresh);
    counter.reset();
    const result = await (await handlerOf(name))(world.fresh.event(name, prepared), contextOf(name));
    const status = result.statusCode ?? 200;
    const said = `${name} → ${status}: ${(result.body ?? '').replace(/\s+/g, ' ').slice(0, 400)}`;
    expect(status, said).toBeLessThan(400);
    expect(counter.calls, `${said}\n${name} made ${counter.calls} DynamoDB calls (${counter.commands.join(', ')}); the route table allows ${routes[name].dynamoCalls}`).toBeLessThanOrEqual(routes[name].dynamoCalls);
  });
});
