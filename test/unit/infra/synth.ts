/**
 * Builds the CDK app for unit tests the way `cdk synth` does (same feature flags and context from
 * cdk.json, same cdk-nag plugin via `buildApp`), but without bundling: NodejsFunction then only
 * checks that each entry file exists, so a synth takes seconds and needs no esbuild run.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
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
  template: Template;
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

/** Build and synthesize the app (cdk-nag included); throws if any validation fails. */
export function synthesize(props: ScrutinyStackProps = {}, context: Record<string, unknown> = {}): Synthesized {
  const { app, outdir } = newApp(context);
  const stack = buildApp(app, { projectRoot, ...props });
  app.synth();
  return { app, stack, template: Template.fromStack(stack), outdir };
}

type Resource = { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string };

export function resourcesOfType(template: Template, type: string): Record<string, Resource> {
  return template.findResources(type) as Record<string, Resource>;
}
