/**
 * The jobs of the job table (shared/jobs.ts): for each, a function with the same defaults as the
 * route functions (RouteFunction: Node.js on arm64, its own role, ESM bundle) but its own timeout
 * and memory, and an alias `live` that everything invokes. What feeds it comes from its entry:
 *
 * - `schedule`: an EventBridge Scheduler schedule in Europe/London that invokes the alias with `{}`;
 * - `stream`: the table's DynamoDB Stream, through an event source mapping filtered to the records
 *   it wants (batch item failures, bisect on error, bounded retries, failed batches to a queue);
 * - `mailEvents`: the SNS topic SES's configuration set publishes bounces and complaints to.
 *
 * Every asynchronous invocation (the scheduler's, SNS's) that still fails after Lambda's retries
 * goes to the encrypted dead-letter queue (an on-failure destination): a job that throws or times
 * out is kept for a person to look at, and the queue's alarm says so (infra/constructs/alarms.ts).
 */
import { Duration, RemovalPolicy, Stack, Tags, TimeZone, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { type Alias, FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IConfigurationSet, IEmailIdentity } from 'aws-cdk-lib/aws-ses';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { jobList, scheduleExpression, type JobDef } from '../../shared/jobs.js';
import { pascalCase, ROUTE_TAG, RouteFunction, sharedLogGroup } from './route-function.js';

/** The tag that marks a function as a job (route functions carry ROUTE_TAG instead). */
export const JOB_TAG = 'scrutiny:job';

export type JobEntry = JobDef & { readonly name: string };

/** Lambda retries a failed asynchronous invocation at most twice (its `maximumRetryAttempts` is 0-2). */
export const LAMBDA_MAX_ASYNC_RETRIES = 2;

/**
 * The outbox stream's event source mapping: how a batch that fails is retried, split and given up.
 * Exported so the CDK tests and the README say the same numbers.
 */
export const OUTBOX_STREAM = {
  batchSize: 10,
  /** Bounded: a record that fails five times is left to the scheduled sweep (and its batch's details go to the queue). */
  retryAttempts: 5,
  /** The scheduled sweep (every minute) takes any pending email the stream gave up on, so an hour is plenty. */
  maxRecordAgeSeconds: 3600,
} as const;

export interface JobsProps {
  readonly projectRoot: string;
  /** The table: its stream (if a job reads it) must be enabled. */
  readonly table: ITable;
  readonly indexNames: readonly string[];
  readonly environment: Record<string, string>;
  readonly mailIdentity?: IEmailIdentity;
  /** The configuration set every email of a mail job is sent with (its name is SES_CONFIGURATION_SET). */
  readonly configurationSet?: IConfigurationSet;
  /** Where SES publishes bounces and complaints: jobs with `mailEvents` subscribe to it. */
  readonly mailEventsTopic?: ITopic;
  /** @default jobList, the whole job table */
  readonly jobs?: readonly JobEntry[];
}

export class ScheduledJobs extends Construct {
  readonly functions = new Map<string, RouteFunction>();
  readonly aliases = new Map<string, Alias>();
  readonly schedules = new Map<string, Schedule>();
  /** Failed scheduled runs and failed asynchronous invocations (the scheduler's DLQ and Lambda's on-failure destination). */
  readonly deadLetterQueue: Queue;
  /** Batches of the table stream the outbox sender gave up on (made only when a job reads the stream). */
  streamFailureQueue?: Queue;
  /** SNS notifications it could not deliver to the mail-events function (made only when a job takes them). */
  mailEventsDeadLetterQueue?: Queue;
  /** The log group every job writes to (one entry per line, each naming its function). */
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: JobsProps) {
    super(scope, id);
    // Events that failed after their retries; kept 14 days for a person to look at.
    this.deadLetterQueue = this.failureQueue(
      'DeadLetterQueue',
      'It is the dead-letter queue of the job schedules and the on-failure destination of the job functions (the ' +
        'scheduler DLQ and Lambda destination are not redrive policies, which cdk-nag does not recognise as a DLQ reference); ' +
        'a dead-letter queue of a dead-letter queue would only move the same events again.',
    );

    this.logGroup = sharedLogGroup(this, 'Logs');
    for (const job of props.jobs ?? jobList) {
      const cid = pascalCase(job.name);
      const feeds = [
        job.schedule ? `${scheduleExpression(job.schedule)} ${job.timeZone}` : undefined,
        job.stream ? 'table stream' : undefined,
        job.mailEvents ? 'SES notifications' : undefined,
      ].filter(Boolean);
      const fn = new RouteFunction(this, cid, {
        // The same function defaults as a route; "method" and "path" only describe it.
        route: { name: job.name, method: 'JOB', path: feeds.join(' + '), kind: 'api', summary: job.summary, mail: job.mail },
        projectRoot: props.projectRoot,
        logGroup: this.logGroup,
        environment: {
          ...props.environment,
          ...(job.mail && props.configurationSet ? { SES_CONFIGURATION_SET: props.configurationSet.configurationSetName } : {}),
        },
        timeout: Duration.seconds(job.timeoutSeconds),
        memorySize: job.memoryMB,
      });
      Tags.of(fn.function).remove(ROUTE_TAG);
      Tags.of(fn.function).add(JOB_TAG, job.name);
      if (job.table) fn.bindTable(props.table, job.table, props.indexNames);
      if (job.mail && props.mailIdentity) fn.bindMail(props.mailIdentity);
      if (job.mail && props.configurationSet) {
        // A send that names a configuration set is authorised on the set as well as on the identity.
        fn.role.addToPrincipalPolicy(
          new PolicyStatement({
            actions: ['ses:SendEmail', 'ses:SendRawEmail'],
            resources: [
              Stack.of(this).formatArn({ service: 'ses', resource: 'configuration-set', resourceName: props.configurationSet.configurationSetName }),
            ],
          }),
        );
      }
      this.functions.set(job.name, fn);

      // Everything invokes an alias of the current version: the scheduler's role may invoke that one
      // ARN (no `:*`), and the asynchronous-invocation settings below are the alias's.
      const alias = fn.function.addAlias('live');
      this.aliases.set(job.name, alias);
      // Asynchronous invocations (the schedule's of the alias, SNS's of the function: SNS subscribes a
      // function ARN): Lambda retries a function error or a timeout `retryAttempts` times (at most 2),
      // then sends the event with the error to the dead-letter queue. Each job's count is set in the job
      // table: idempotent sweeps (purge, reminders) and the idempotent mail-event writes retry, because
      // the next scheduled run may be hours away and SNS does not resend what Lambda accepted; the
      // outbox's minute sweep does not (the next minute's run is its retry).
      const asyncInvoke = {
        onFailure: new SqsDestination(this.deadLetterQueue),
        retryAttempts: Math.min(job.retryAttempts, LAMBDA_MAX_ASYNC_RETRIES),
        maxEventAge: Duration.hours(6),
      };
      if (job.schedule) alias.configureAsyncInvoke(asyncInvoke);
      if (job.mailEvents) {
        fn.function.configureAsyncInvoke(asyncInvoke);
        Validations.of(fn.function).acknowledge({
          id: 'Annotation::@aws-cdk/aws-lambda:addPermissionsToVersionOrAlias',
          reason:
            'SNS invokes the unqualified function (an SNS subscription names a function ARN), so its invoke permission is ' +
            "rightly on the function; the alias is only the schedule's target, and its permission is the scheduler role's.",
        });
      }

      if (job.schedule) {
        const schedule = new Schedule(this, `${cid}Schedule`, {
          description: `${job.name}: ${job.summary}`.slice(0, 512),
          schedule: ScheduleExpression.cron({ ...job.schedule, timeZone: TimeZone.EUROPE_LONDON }),
          target: new LambdaInvoke(alias, {
            input: ScheduleTargetInput.fromObject({}),
            // The scheduler's own retries cover a failure to invoke (throttling, Lambda unavailable).
            retryAttempts: job.retryAttempts,
            maxEventAge: Duration.hours(6),
            deadLetterQueue: this.deadLetterQueue,
          }),
        });
        this.schedules.set(job.name, schedule);
      }

      if (job.stream) this.feedFromStream(alias, props.table, job.stream);

      if (job.mailEvents && props.mailEventsTopic) {
        this.mailEventsDeadLetterQueue ??= this.failureQueue(
          'MailEventsDeadLetterQueue',
          'It is the dead-letter queue of the SNS subscription that delivers SES bounce and complaint notifications to ' +
            'the record-mail-event function (an SNS subscription DLQ, not a redrive policy); a DLQ of it would only move the same notifications again.',
        );
        // SNS retries delivery to Lambda itself; what it still cannot deliver lands in this queue.
        props.mailEventsTopic.addSubscription(new LambdaSubscription(fn.function, { deadLetterQueue: this.mailEventsDeadLetterQueue }));
      }
    }
  }

  /**
   * The outbox sender gets each email record as it is written `pending`: an event source mapping on
   * the table's stream, filtered so the function is invoked for nothing else. A record the handler
   * reports as failed (batchItemFailures) is retried from it; a batch that throws is split in two
   * until the failing record is alone; after `retryAttempts` (or `maxRecordAge`) the batch's details
   * go to the stream failure queue and the stream moves on. Nothing is lost either way: the email is
   * still `pending` (or `retrying`) in the table, and the scheduled sweep sends it.
   */
  private feedFromStream(alias: Alias, table: ITable, want: NonNullable<JobDef['stream']>) {
    this.streamFailureQueue ??= this.failureQueue(
      'StreamFailureQueue',
      "It is the on-failure destination of the outbox stream's event source mapping (the details of a batch given up " +
        'on, not a redrive policy); the emails themselves stay in the table for the scheduled sweep, so a DLQ of it would add nothing.',
    );
    alias.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.LATEST,
        batchSize: OUTBOX_STREAM.batchSize,
        bisectBatchOnError: true,
        retryAttempts: OUTBOX_STREAM.retryAttempts,
        maxRecordAge: Duration.seconds(OUTBOX_STREAM.maxRecordAgeSeconds),
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.streamFailureQueue),
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.or('INSERT', 'MODIFY'),
            dynamodb: { NewImage: { entity: { S: FilterRule.isEqual(want.entity) }, status: { S: FilterRule.isEqual(want.status) } } },
          }),
        ],
      }),
    );
    // Lambda's stream poller must list the table's streams; ListStreams takes no resource but `*`.
    Validations.of(alias.lambda.role!).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'dynamodb:ListStreams, which the event source mapping of the outbox stream needs, does not support resource-level ' +
        'permissions (the IAM reference lists no resource type for it); every other stream action is on this stream ARN only.',
    });
  }

  /** An encrypted queue, refusing plain HTTP, keeping messages 14 days; `why` answers cdk-nag's "has no DLQ of its own". */
  private failureQueue(id: string, why: string): Queue {
    const queue = new Queue(this, id, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(queue).acknowledge({ id: 'AwsSolutions-SQS3', reason: why });
    return queue;
  }

  /** Every queue whose messages are failures someone must look at (each has an alarm). */
  get failureQueues(): Queue[] {
    return [this.deadLetterQueue, this.streamFailureQueue, this.mailEventsDeadLetterQueue].filter((q): q is Queue => q !== undefined);
  }
}
