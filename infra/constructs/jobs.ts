/**
 * The scheduled jobs of the job table (shared/jobs.ts): for each, a function with the same
 * defaults as the route functions (RouteFunction: Node.js on arm64, its own role and log group,
 * ESM bundle) and an EventBridge Scheduler schedule in Europe/London that invokes it with `{}`,
 * retrying a failed run and sending what still fails to an encrypted dead-letter queue.
 */
import { Duration, RemovalPolicy, Tags, TimeZone, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEmailIdentity } from 'aws-cdk-lib/aws-ses';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { jobList, scheduleExpression, type JobDef } from '../../shared/jobs.js';
import { pascalCase, ROUTE_TAG, RouteFunction, sharedLogGroup } from './route-function.js';

/** The tag that marks a function as a scheduled job (route functions carry ROUTE_TAG instead). */
export const JOB_TAG = 'scrutiny:job';

export type JobEntry = JobDef & { readonly name: string };

export interface ScheduledJobsProps {
  readonly projectRoot: string;
  readonly table: ITable;
  readonly indexNames: readonly string[];
  readonly environment: Record<string, string>;
  readonly mailIdentity?: IEmailIdentity;
  /** @default jobList, the whole job table */
  readonly jobs?: readonly JobEntry[];
}

export class ScheduledJobs extends Construct {
  readonly functions = new Map<string, RouteFunction>();
  readonly schedules = new Map<string, Schedule>();
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: ScheduledJobsProps) {
    super(scope, id);
    // Events the scheduler could not deliver after its retries; kept 14 days for a person to look at.
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue of the scheduled jobs (EventBridge Scheduler targets, which cdk-nag ' +
        'does not recognise as a DLQ reference); a dead-letter queue of a dead-letter queue would only move the same events again.',
    });

    const logGroup = sharedLogGroup(this, 'Logs');
    for (const job of props.jobs ?? jobList) {
      const cid = pascalCase(job.name);
      const expression = scheduleExpression(job.schedule);
      const fn = new RouteFunction(this, cid, {
        // The same function defaults as a route; "method" and "path" only describe it.
        route: { name: job.name, method: 'SCHEDULED', path: `${expression} ${job.timeZone}`, kind: 'api', summary: job.summary, mail: job.mail },
        projectRoot: props.projectRoot,
        logGroup,
        environment: props.environment,
      });
      Tags.of(fn.function).remove(ROUTE_TAG);
      Tags.of(fn.function).add(JOB_TAG, job.name);
      if (job.table) fn.bindTable(props.table, job.table, props.indexNames);
      if (job.mail && props.mailIdentity) fn.bindMail(props.mailIdentity);
      this.functions.set(job.name, fn);

      // The schedule invokes an alias of the current version: its role may invoke that one ARN, no `:*`.
      const alias = fn.function.addAlias('live');
      const schedule = new Schedule(this, `${cid}Schedule`, {
        description: `${job.name}: ${job.summary}`.slice(0, 512),
        schedule: ScheduleExpression.cron({ ...job.schedule, timeZone: TimeZone.EUROPE_LONDON }),
        target: new LambdaInvoke(alias, {
          input: ScheduleTargetInput.fromObject({}),
          retryAttempts: job.retryAttempts,
          maxEventAge: Duration.hours(6),
          deadLetterQueue: this.deadLetterQueue,
        }),
      });
      this.schedules.set(job.name, schedule);
    }
  }
}
