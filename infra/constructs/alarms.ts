/**
 * CloudWatch alarms, each to one SNS topic (encrypted; an email subscription when context
 * `alarmEmail` is set, README "Alarms"), on what must never fail unseen:
 *
 * - each job function's Errors (a throw or a timeout, whatever invoked it);
 * - messages visible in any failure queue (the jobs' dead-letter queue, the outbox stream's failure
 *   queue, the SES notifications' subscription DLQ);
 * - emails the outbox gave up on (a metric filter on the jobs' log group for `outboxFailed = 1`,
 *   which the sender logs, into the ScrutinyCycle namespace);
 * - the HTTP API's 5xx rate;
 * - the account's SES bounce rate (SES reviews an account above 5%).
 *
 * Each alarm also tells the topic when it is OK again. Missing data is "not breaching": no
 * invocations, no requests and no emails are not failures.
 */
import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { ScheduledJobs } from './jobs.js';
import { pascalCase } from './route-function.js';

/** Our own metrics (the outbox's failed count). */
export const METRIC_NAMESPACE = 'ScrutinyCycle';
export const OUTBOX_FAILED_METRIC = 'OutboxFailed';
/** The 5xx alarm: above this share of requests in 5 minutes (with at least API_5XX_MIN_REQUESTS), or API_5XX_MIN_ERRORS errors on low traffic. */
export const API_5XX_PERCENT = 5;
export const API_5XX_MIN_REQUESTS = 20;
export const API_5XX_MIN_ERRORS = 5;
/** SES puts an account under review at a 5% bounce rate. */
export const SES_BOUNCE_RATE = 0.05;

export type AlarmKind = 'job-errors' | 'dead-letters' | 'outbox-failed' | 'api-5xx' | 'ses-bounce-rate';

export interface AlarmsProps {
  readonly jobs: ScheduledJobs;
  readonly api: IHttpApi;
  /** Encrypts the topic; its policy lets CloudWatch use it. */
  readonly topicKey: IKey;
  readonly alarmEmail?: string;
}

export class Alarms extends Construct {
  readonly topic: Topic;
  /** Every alarm, with what it watches. */
  readonly alarms: { kind: AlarmKind; alarm: Alarm }[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'Scrutiny cycle alarms', masterKey: props.topicKey, enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const action = new SnsAction(this.topic);
    const fiveMinutes = Duration.minutes(5);

    const add = (kind: AlarmKind, cid: string, description: string, metric: IMetric, threshold: number, operator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD) => {
      const alarm = new Alarm(this, cid, {
        alarmDescription: description,
        metric,
        threshold,
        comparisonOperator: operator,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      this.alarms.push({ kind, alarm });
      return alarm;
    };

    for (const [name, fn] of props.jobs.functions) {
      add(
        'job-errors',
        `${pascalCase(name)}Errors`,
        `The ${name} job failed (threw or timed out) at least once in 5 minutes: see its log group; a failed asynchronous run is in the jobs' dead-letter queue.`,
        fn.function.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
        1,
      );
    }

    for (const queue of props.jobs.failureQueues) {
      add(
        'dead-letters',
        `${queue.node.id}Messages`,
        `A message is waiting in ${queue.node.path}: an event that failed after its retries. Read it, fix the cause, then delete it.`,
        queue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum' }),
        1,
      );
    }

    // The outbox sender logs `outboxFailed: 1` (Powertools JSON) when it gives an email up.
    const outboxFailed = new MetricFilter(this, 'OutboxFailedFilter', {
      logGroup: props.jobs.logGroup,
      filterPattern: FilterPattern.literal('{ $.outboxFailed = 1 }'),
      metricNamespace: METRIC_NAMESPACE,
      metricName: OUTBOX_FAILED_METRIC,
      metricValue: '1',
    });
    add(
      'outbox-failed',
      'OutboxFailed',
      'The outbox gave up on an email (failed for good): staff see it on the staff home and can send it again.',
      outboxFailed.metric({ period: fiveMinutes, statistic: 'Sum' }),
      1,
    );

    // A rate, not a count: one error in two requests at night is not an incident, 5% of a busy hour
    // is. With fewer than 20 requests in the 5 minutes the share says little, so 5 errors then count.
    const api5xx = new MathExpression({
      expression:
        `IF(FILL(requests, 0) >= ${API_5XX_MIN_REQUESTS}, 100 * FILL(errors, 0) / requests, ` +
        `IF(FILL(errors, 0) >= ${API_5XX_MIN_ERRORS}, 100, 0))`,
      usingMetrics: {
        errors: props.api.metricServerError({ period: fiveMinutes, statistic: 'Sum' }),
        requests: props.api.metricCount({ period: fiveMinutes, statistic: 'Sum' }),
      },
      period: fiveMinutes,
      label: 'API 5xx, % of requests',
    });
    add(
      'api-5xx',
      'Api5xxRate',
      `More than ${API_5XX_PERCENT}% of the API's requests in 5 minutes were answered 5xx (or ${API_5XX_MIN_ERRORS} or more on light traffic): see the function logs.`,
      api5xx,
      API_5XX_PERCENT,
      ComparisonOperator.GREATER_THAN_THRESHOLD,
    );

    add(
      'ses-bounce-rate',
      'SesBounceRate',
      `The account's SES bounce rate is above ${SES_BOUNCE_RATE * 100}% (SES reviews an account there, and may pause sending at 10%).`,
      new Metric({ namespace: 'AWS/SES', metricName: 'Reputation.BounceRate', statistic: 'Maximum', period: Duration.hours(1) }),
      SES_BOUNCE_RATE,
      ComparisonOperator.GREATER_THAN_THRESHOLD,
    );
  }
}
