/**
 * The CDK app: one ScrutinyStack (with a nested stack per area of routes), checked by cdk-nag's
 * AwsSolutions pack. cdk-nag 3 is a CDK validation plugin: a finding that is neither fixed nor
 * acknowledged (`Validations.of(construct).acknowledge({ id, reason })`) fails `cdk synth` and is
 * listed in cdk.out/validation-report.json.
 */
import { pathToFileURL } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ScrutinyStack, type ScrutinyStackProps } from './stack.js';
import { precompileViews } from './tools/precompile-views.js';
import { buildStyles } from './tools/build-styles.js';

export const STACK_ID = 'ScrutinyCycle';

/** Adds the stack and the checks to an app; the unit tests build their app the same way. */
export function buildApp(app: App, props: ScrutinyStackProps = {}): ScrutinyStack {
  const stack = new ScrutinyStack(app, STACK_ID, {
    description: 'Scrutiny cycle: meetings, agendas, report requests, papers and reminders for public scrutiny meetings',
    ...props,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return stack;
}

// Synthesize only when run as the app (`node --import tsx infra/app.ts`), not when imported by tests.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  precompileViews(); // each rendering function copies .build/views beside its bundle
  buildStyles(); // the asset function copies .build/assets/app.css beside its bundle
  const app = new App();
  buildApp(app);
  app.synth();
}
