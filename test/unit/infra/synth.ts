/**
 * Builds the CDK app for unit tests the way `cdk synth` does (same feature flags and context from
 * cdk.json, same cdk-nag plugin via `buildApp`), but without bundling: NodejsFunction then only
 * checks that each entry file exists, so a synth takes seconds and needs no esbuild run.
 * The app is a parent stack and a nested stack per area of routes: `merged` reads them as one.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, type CfnElement, type NestedStack, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../../infra/app.js';
import type { ScrutinyStack, ScrutinyStackProps } from '../../../infra/stack.js';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The "context" block of cdk.json: recommended feature flags and our defaults. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(projectRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  return cdkJson.context;
}

export interface Synthesized {
  app: App;
  stack: ScrutinyStack;
  /** The parent stack's template. */
  template: Template;
  /**
   * The parent's template with every area stack's resources merged in, each reference to a
   * parameter of a nested stack replaced by the value the parent passes to it: the app read as
   * the one stack it stands for (`{ Ref: 'ApiF70053CD' }` for the API, wherever a route sits).
   */
  merged: Template;
  /** Every stack of the app, parent first: its path, template, and template file in `outdir`. */
  stacks: SynthesizedStack[];
  /** The cloud assembly folder (holds validation-report.json). */
  outdir: string;
}

export function newApp(context: Record<string, unknown> = {}): { app: App; outdir: string } {
  const outdir = mkdtempSync(path.join(tmpdir(), 'scrutiny-cdk-'));
  const app = new App({
    outdir,
    context: {
      ...cdkJsonContext(),
      // Skip esbuild for every stack.
      'aws:cdk:bundling-stacks': [],
      // Validation failures throw from app.synth() with the whole report in the message.
      '@aws-cdk/core:appMode': 'inmemory',
      ...context,
    },
  });
  return { app, outdir };
}

export interface SynthesizedStack {
  /** The construct path: `ScrutinyCycle`, `ScrutinyCycle/PlanningRoutes`. */
  path: string;
  stack: Stack;
  template: Template;
  /** The template file as written to the cloud assembly (and uploaded to CloudFormation). */
  file: string;
}

/** Build and synthesize the app (cdk-nag included); throws if any validation fails. */
export function synthesize(props: ScrutinyStackProps = {}, context: Record<string, unknown> = {}): Synthesized {
  const { app, outdir } = newApp(context);
  const stack = buildApp(app, { projectRoot, ...props });
  app.synth();
  const template = Template.fromStack(stack);
  const nested = [...stack.areas.values()];
  const stacks = [stack, ...nested].map((st) => ({
    path: st.node.path,
    stack: st as Stack,
    template: st === stack ? template : Template.fromStack(st),
    file: path.join(outdir, st.templateFile),
  }));
  return { app, stack, template, merged: mergeNested(template, stacks.slice(1)), stacks, outdir };
}

type Json = Record<string, unknown>;

function mergeNested(parent: Template, nested: SynthesizedStack[]): Template {
  const merged = structuredClone(parent.toJSON()) as { Resources: Record<string, Json> };
  for (const { stack, template } of nested) {
    const resourceId = Stack.of(stack).getLogicalId((stack as NestedStack).nestedStackResource as CfnElement);
    const passed = (merged.Resources[resourceId]!.Properties as { Parameters?: Json }).Parameters ?? {};
    const substitute = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(substitute);
      if (value === null || typeof value !== 'object') return value;
      const ref = (value as Json).Ref;
      if (typeof ref === 'string' && Object.keys(value).length === 1 && ref in passed) return passed[ref];
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v)]));
    };
    for (const [id, resource] of Object.entries((template.toJSON() as { Resources: Record<string, Json> }).Resources)) {
      if (resource.Type === 'AWS::CDK::Metadata') continue;
      if (id in merged.Resources) throw new Error(`${id} is in two stacks of the app`);
      merged.Resources[id] = substitute(resource) as Json;
    }
  }
  return Template.fromJSON(merged);
}

type Resource = { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string };

export function resourcesOfType(template: Template, type: string): Record<string, Resource> {
  return template.findResources(type) as Record<string, Resource>;
}
