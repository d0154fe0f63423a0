/**
 * What the security tests share besides the world (test/support/world.ts): the path parameters of
 * every route in that world, and each route's sample event aimed at it.
 */
import { randomUUID } from 'node:crypto';
import { ulid } from 'ulid';
import type { RouteDef, RouteName } from '../../../shared/routes.js';
import { fillPath, ids as sampleIds, samples, type Sample } from '../../../infra/local/make-events.js';
import type { World } from '../../support/world.js';

/** A well-formed secret that opens nothing. */
export const wrongKey = () => Buffer.from(randomUUID() + randomUUID()).toString('base64url').slice(0, 43);

export type LinkChoice = 'right' | 'other' | 'wrong';

/**
 * Every path parameter a route in the table can have, from the world. A route with a parameter
 * not listed here fails the tests that use this, so a new route cannot go untested.
 */
export function paramsOf(route: RouteDef & { name: RouteName }, w: World, link: LinkChoice = 'right'): Record<string, string> {
  const names = [...route.path.matchAll(/\{(\w+)\+?\}/g)].map((m) => m[1]!);
  const forgetRoute = names.includes('questionId') && names.includes('key');
  const values: Record<string, string> = {
    meetingId: w.meetingId,
    requestId: w.requestId,
    itemId: w.itemId,
    actionId: w.actionId,
    topicId: w.topicId,
    personId: w.personId,
    questionId: w.questionId,
    // No paper has been uploaded in this world: a well-formed id that names none.
    versionId: ulid(),
    proxy: 'app/app.css',
    key: forgetRoute
      ? link === 'right' ? w.forgetKey : wrongKey()
      : link === 'right' ? w.authorKey : link === 'other' ? w.otherAuthorKey : wrongKey(),
  };
  const out: Record<string, string> = {};
  for (const n of names) {
    if (!(n in values)) throw new Error(`${route.name}: no value for the path parameter {${n}}: add it to paramsOf`);
    out[n] = values[n]!;
  }
  return out;
}

export const pathOf = (route: RouteDef & { name: RouteName }, w: World, link: LinkChoice = 'right') => fillPath(route.path, paramsOf(route, w, link));

/** The route's first sample (infra/local/make-events.ts) with the sample ids swapped for the world's. */
export function sampleOf(name: RouteName, w: World): Sample {
  const swap = new Map<string, string>([
    [sampleIds.decemberMeeting, w.meetingId],
    [sampleIds.septemberMeeting, w.meetingId],
    [sampleIds.roadSafetyTopic, w.topicId],
    [sampleIds.roadSafetyRequest, w.requestId],
    [sampleIds.roadSafetyItem, w.itemId],
    [sampleIds.septemberAction, w.actionId],
    [sampleIds.authorPerson, w.personId],
    [sampleIds.question, w.questionId],
    [sampleIds.standing.publicQuestions, w.publicQuestionsItemId],
  ]);
  let text = JSON.stringify(samples[name][0] ?? { case: 'sample' });
  for (const [from, to] of swap) text = text.split(from).join(to);
  return JSON.parse(text) as Sample;
}
