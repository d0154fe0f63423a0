/**
 * A CPU profile of a route's handler, in this process (the inspector's Profiler), over `calls`
 * calls each with its state made as in the overhead section (the setup is outside the profile:
 * the profiler is started and stopped around the handler calls only). Self time per function,
 * summed over the profile's nodes, the top 12.
 */
import { Session } from 'node:inspector/promises';
import type { RouteName } from '../../shared/routes.js';
import { contextOf, handlerOf, type Fresh } from './fresh.js';
import { planOf } from './plans.js';

export interface RouteProfile {
  route: string;
  calls: number;
  totalMs: number;
  top: { functionName: string; url: string; selfMs: number; share: number }[];
}

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

export async function profileRoutes(names: RouteName[], opts: { fresh: Fresh; calls: number }): Promise<RouteProfile[]> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  const out: RouteProfile[] = [];
  const cwd = process.cwd();
  try {
    for (const name of names) {
      const handler = await handlerOf(name);
      const plan = planOf(name);
      const calls = plan.mode === 'each' ? Math.min(opts.calls, 50) : opts.calls;
      const shared = plan.mode === 'once' ? await plan.prepare(opts.fresh) : undefined;
      const events = [];
      for (let i = 0; i < calls; i++) events.push(opts.fresh.event(name, shared ?? (await plan.prepare(opts.fresh))));
      await handler(opts.fresh.event(name, shared ?? (await plan.prepare(opts.fresh))), contextOf(name)); // warm
      await session.post('Profiler.start');
      for (const event of events) await handler(event, contextOf(name));
      const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: { nodes: Node[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] } };
      const selfUs = new Map<number, number>();
      profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
      const byFrame = new Map<string, { functionName: string; url: string; selfMs: number }>();
      for (const node of profile.nodes) {
        const us = selfUs.get(node.id) ?? 0;
        if (!us) continue;
        const url = node.callFrame.url.replace(`file://${cwd}/`, '').replace(/^.*node_modules\//, 'node_modules/');
        const key = `${node.callFrame.functionName}|${url}|${node.callFrame.lineNumber}`;
        const entry = byFrame.get(key) ?? { functionName: node.callFrame.functionName, url: url ? `${url}:${node.callFrame.lineNumber + 1}` : '', selfMs: 0 };
        entry.selfMs += us / 1000;
        byFrame.set(key, entry);
      }
      const totalMs = (profile.endTime - profile.startTime) / 1000;
      const top = [...byFrame.values()]
        .filter((x) => x.functionName !== '(idle)' && x.functionName !== '(program)')
        .sort((a, b) => b.selfMs - a.selfMs)
        .slice(0, 12)
        .map((x) => ({ ...x, share: x.selfMs / totalMs }));
      out.push({ route: name, calls, totalMs, top });
    }
  } finally {
    await session.post('Profiler.disable');
    session.disconnect();
  }
  return out;
}
