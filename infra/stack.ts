/**
 * The whole service: this stack holds the table (from `tableSchema`), the papers bucket, Cognito for
 * staff, the SES identity, the HTTP API with its stage and authorizer, one IAM role per grant set
 * (RouteRoles) and the scheduled jobs; a nested stack per area of the route table (RouteArea,
 * infra/areas.ts) holds one function per route with its integration, permission and route, so no
 * stack nears CloudFormation's 500 resources as routes are added (README, "Stack size").
 * No physical names are set, so two copies of the stack can live in one account (the Cognito
 * domain prefix and the SES identity come from context and must differ between copies).
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { type CfnStage, HttpApi, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolClientIdentityProvider,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { ConfigurationSet, EmailIdentity, EmailSendingEvent, EventDestination, Identity } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { routeList } from '../shared/routes.js';
import { tableSchema } from '../shared/store/keys.js';
import { AREAS, areaOf, type Area } from './areas.js';
import { pascalCase, sharedLogGroup, type RouteFunction } from './constructs/route-function.js';
import { RouteArea, type StackRoute } from './constructs/route-area.js';
import { RouteRoles } from './constructs/route-roles.js';
import { ScheduledJobs } from './constructs/jobs.js';
import { Alarms } from './constructs/alarms.js';
import { IssuerKeys } from './constructs/issuer-keys.js';
import { routeThrottles, STAGE_DEFAULT_THROTTLE } from './throttles.js';
import { UPLOADS_PREFIX } from './constructs/route-function.js';

export type { StackRoute } from './constructs/route-area.js';

export interface ScrutinyStackProps extends StackProps {
  /** @default routeList, the whole route table (none with context `routes=none`) */
  readonly routes?: readonly StackRoute[];
  /** Repository root holding `functions/`, `shared/` and `node_modules/`. @default this file's parent folder */
  readonly projectRoot?: string;
}

/** The Cognito group whose members are staff (functions read it as AUTH_STAFF_GROUP). */
export const STAFF_GROUP = 'staff';
const SERVICE_NAME = 'scrutiny-cycle';

export class ScrutinyStack extends Stack {
  readonly table: Table;
  readonly papersBucket: Bucket;
  readonly userPool: UserPool;
  readonly api: HttpApi;
  readonly routeFunctions: RouteFunction[] = [];
  /** The nested stack of each area that has routes. */
  readonly areas = new Map<Area, RouteArea>();
  readonly routeRoles: RouteRoles;
  readonly jobs: ScheduledJobs;
  readonly alarms: Alarms;
  readonly mailConfigurationSet: ConfigurationSet;

  constructor(scope: Construct, id: string, props: ScrutinyStackProps = {}) {
    super(scope, id, props);
    // `-c routes=none` leaves every route out: the first of two deploys that move a copy deployed
    // with all its routes in one stack to the area stacks (README, "Stack size").
    const routes: readonly StackRoute[] = props.routes ?? (this.node.tryGetContext('routes') === 'none' ? [] : routeList);
    const projectRoot = props.projectRoot ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
    const settings = readContext(this);

    // ---- Data ----
    const attr = (name: string) => ({ name, type: AttributeType.STRING });
    this.table = new Table(this, 'Table', {
      partitionKey: attr(tableSchema.partitionKey),
      sortKey: attr(tableSchema.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: tableSchema.timeToLiveAttribute,
      // The outbox sender reads each email record as it is written (infra/constructs/jobs.ts).
      stream: StreamViewType.NEW_IMAGE,
    });
    for (const index of tableSchema.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: attr(index.partitionKey),
        sortKey: attr(index.sortKey),
        projectionType: index.projection === 'KEYS_ONLY' ? ProjectionType.KEYS_ONLY : ProjectionType.ALL,
      });
    }

    // Receives the papers bucket's server access logs (cdk-nag's S1 counts a log target as compliant).
    const accessLogsBucket = new Bucket(this, 'AccessLogsBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // Server access log delivery supports SSE-S3 only, not SSE-KMS.
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(365) }],
    });

    this.papersBucket = new Bucket(this, 'PapersBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: accessLogsBucket,
      serverAccessLogsPrefix: 'papers/',
      // Authors upload under uploads/; submitting copies the file to its paper's key under papers/
      // (shared/app/papers.ts). So anything left under uploads/ was never submitted (or was, and is a
      // copy): removed after 2 days. A version replaced or deleted anywhere goes after 90 days.
      lifecycleRules: [
        { id: 'AbortIncompleteUploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
        {
          id: 'UploadsNeverSubmitted',
          prefix: UPLOADS_PREFIX,
          expiration: Duration.days(2),
          noncurrentVersionExpiration: Duration.days(1),
        },
        { id: 'UploadsDeleteMarkers', prefix: UPLOADS_PREFIX, expiredObjectDeleteMarker: true },
        { id: 'NoncurrentVersions', noncurrentVersionExpiration: Duration.days(90) },
      ],
      // Authors upload from the browser with a presigned POST. A plain HTML form post needs no CORS;
      // this lets a script-enhanced upload on the site's own pages post (and read the reply) too.
      cors: [
        {
          allowedMethods: [HttpMethods.POST],
          allowedOrigins: [settings.publicBaseUrl || '*'],
          exposedHeaders: ['ETag', 'Location'],
          maxAge: 3000,
        },
      ],
    });

    // ---- Mail ----
    const mailIdentity = new EmailIdentity(this, 'MailIdentity', {
      identity: settings.sesIdentity.includes('@')
        ? Identity.email(settings.sesIdentity)
        : Identity.domain(settings.sesIdentity),
    });
    // A key for the SNS topics (cdk-nag SNS2): SES publishes bounces and complaints to one, CloudWatch
    // alarms to the other; AWS managed keys cannot be used by those services, so it is our own.
    const topicKey = new Key(this, 'TopicKey', {
      description: 'Encrypts the SNS topics of SES notifications and CloudWatch alarms',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    for (const service of ['ses.amazonaws.com', 'cloudwatch.amazonaws.com']) {
      topicKey.grant(new ServicePrincipal(service), 'kms:GenerateDataKey*', 'kms:Decrypt');
    }
    // Every email the outbox sends names this configuration set (SES_CONFIGURATION_SET): SES
    // publishes its bounces and complaints to the topic, which feeds the record-mail-event job.
    const mailEventsTopic = new Topic(this, 'MailEventsTopic', {
      displayName: 'Scrutiny cycle: SES bounces and complaints',
      masterKey: topicKey,
      enforceSSL: true,
    });
    this.mailConfigurationSet = new ConfigurationSet(this, 'MailConfigurationSet', { reputationMetrics: true });
    this.mailConfigurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.snsTopic(mailEventsTopic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    const mailFrom = settings.sesIdentity.includes('@')
      ? settings.sesIdentity
      : `Community Outcomes Meeting <no-reply@${settings.sesIdentity}>`;

    // ---- HTTP API (made before the app client, whose callback URL is the API's address) ----
    this.api = new HttpApi(this, 'Api', {
      description: 'Scrutiny cycle: public pages, staff pages and the staff JSON API',
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const stage = new HttpStage(this, 'ApiStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      // Each route has its own token bucket at these limits; public form posts, author and staff routes
      // get their own limits below (infra/throttles.ts), so a flood of one cannot starve another.
      throttle: STAGE_DEFAULT_THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            latency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });
    const baseUrl = settings.publicBaseUrl || this.api.apiEndpoint;

    // ---- Staff sign-in ----
    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Required, TOTP only: a staff member without an authenticator app enrols one at their next sign-in.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Plus plan: threat protection blocks sign-ins with compromised credentials and challenges risky ones.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.userPool.addGroup('StaffGroup', {
      groupName: STAFF_GROUP,
      description: 'Commissioner staff who run the scrutiny meetings',
    });
    const client = this.userPool.addClient('WebClient', {
      // The sign-in callback runs in a Lambda function with no secret store: a public client with PKCE.
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${baseUrl}/auth/callback`],
        logoutUrls: [`${baseUrl}/`],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
    const domain = this.userPool.addDomain('HostedUi', {
      cognitoDomain: { domainPrefix: settings.cognitoDomainPrefix },
    });
    const issuer = this.userPool.userPoolProviderUrl;
    const jwksUrl = `${issuer}/.well-known/jwks.json`;
    // Cognito's public keys, fetched at deploy time and given to the staff functions (AUTH_JWKS), so
    // a staff page's cold start verifies the session without fetching them (issue 15 §5). Only
    // when the stack has staff routes (none with context routes=none).
    const issuerKeys = routes.some((route) => route.access === 'staff') ? new IssuerKeys(this, 'IssuerKeys', { jwksUrl }) : undefined;

    // API Gateway checks ID tokens in the Authorization header of staff API calls. Staff pages
    // carry the token in a session cookie, which the authorizer cannot read: those functions check it.
    const staffAuthorizer = new HttpJwtAuthorizer('StaffJwt', issuer, {
      jwtAudience: [client.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });

    // ---- What every route function is given ----
    const environment: Record<string, string> = {
      TABLE_NAME: this.table.tableName,
      PAPERS_BUCKET: this.papersBucket.bucketName,
      MAIL_FROM: mailFrom,
      ENGAGEMENT_MANAGER_EMAIL: settings.engagementManagerEmail,
      ...settings.brand,
      ...(settings.publicBaseUrl ? { PUBLIC_BASE_URL: settings.publicBaseUrl } : {}),
      AUTH_MODE: 'cognito',
      AUTH_ISSUER: issuer,
      AUTH_JWKS_URL: jwksUrl,
      AUTH_CLIENT_ID: client.userPoolClientId,
      AUTH_STAFF_GROUP: STAFF_GROUP,
      COGNITO_DOMAIN: domain.baseUrl(),
      SECURE_COOKIES: 'true',
      POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
      LOG_LEVEL: 'INFO',
    };
    const indexNames = tableSchema.indexes.map((index) => index.name);

    // One log group per kind of route: entries carry the function's name (Powertools logger).
    const logGroups = { api: sharedLogGroup(this, 'ApiLogs'), page: sharedLogGroup(this, 'PageLogs'), asset: sharedLogGroup(this, 'AssetLogs') };
    // One role per grant set, here beside what it grants on; the area stacks' functions assume them.
    this.routeRoles = new RouteRoles(this, 'RouteRoles', {
      table: this.table,
      indexNames,
      papersBucket: this.papersBucket,
      logGroups,
    });
    // ---- A nested stack per area: each route's function, integration, permission and route ----
    for (const area of AREAS) {
      const areaRoutes = routes.filter((route) => areaOf(route) === area);
      if (areaRoutes.length === 0) continue;
      const nested = new RouteArea(this, `${pascalCase(area)}Routes`, {
        area,
        routes: areaRoutes,
        projectRoot,
        api: this.api,
        staffAuthorizer,
        roles: this.routeRoles,
        logGroups,
        environment,
        staffEnvironment: issuerKeys ? { AUTH_JWKS: issuerKeys.jwks } : {},
      });
      this.areas.set(area, nested);
      this.routeFunctions.push(...nested.routeFunctions);
      // The stage's route settings name routes of this stack: API Gateway refuses a setting for a route it does not have yet.
      stage.node.addDependency(nested);
    }
    // Per-route throttling from the route table (one source of truth): only for routes this stack has.
    const routeSettings = routeThrottles(routes);
    if (Object.keys(routeSettings).length > 0) (stage.node.defaultChild as CfnStage).routeSettings = routeSettings;

    // Jobs have no request to take the site's address from: links in their emails use the base URL.
    const jobEnvironment = { ...environment, PUBLIC_BASE_URL: baseUrl };
    this.jobs = new ScheduledJobs(this, 'Jobs', {
      projectRoot,
      table: this.table,
      indexNames,
      environment: jobEnvironment,
      mailIdentity,
      configurationSet: this.mailConfigurationSet,
      mailEventsTopic,
    }); // shared/jobs.ts

    // ---- Alarms (to a topic; an email subscription when context alarmEmail is set) ----
    this.alarms = new Alarms(this, 'Alarms', { jobs: this.jobs, api: this.api, topicKey, alarmEmail: settings.alarmEmail });

    // ---- Outputs ----
    new CfnOutput(this, 'ApiUrl', { value: stage.url, description: 'Base URL of the site and API' });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: client.userPoolClientId });
    new CfnOutput(this, 'HostedUiUrl', { value: domain.baseUrl(), description: 'Cognito hosted sign-in' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'PapersBucketName', { value: this.papersBucket.bucketName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn, description: 'Alarms publish here (context alarmEmail subscribes an address)' });
    new CfnOutput(this, 'MailConfigurationSetName', { value: this.mailConfigurationSet.configurationSetName });
    if (!settings.sesIdentity.includes('@')) {
      // A domain identity is verified by publishing these three CNAME records (Easy DKIM).
      mailIdentity.dkimRecords.forEach((record, i) => {
        new CfnOutput(this, `DkimRecord${i + 1}`, { value: `${record.name} CNAME ${record.value}` });
      });
    }
  }
}

interface Settings {
  sesIdentity: string;
  publicBaseUrl: string;
  engagementManagerEmail: string;
  cognitoDomainPrefix: string;
  /** Where alarms are emailed (context alarmEmail); unset: the alarm topic has no subscription. */
  alarmEmail?: string;
  /** Our brand (optional; shared/config.ts has the defaults): ORGANISATION_NAME, _COLOUR, _URL and FEEDBACK_EMAIL. */
  brand: Record<string, string>;
}

/** Context values from cdk.json (or `-c key=value`), checked so a typo fails at synth, not at deploy. */
function readContext(scope: Construct): Settings {
  const read = (key: string) => {
    const value: unknown = scope.node.tryGetContext(key);
    if (value !== undefined && typeof value !== 'string') throw new Error(`Context ${key} must be a string`);
    return (value ?? '').trim();
  };
  const need = (key: string) => {
    const value = read(key);
    if (!value) throw new Error(`Context ${key} is not set (cdk.json "context" or -c ${key}=...)`);
    return value;
  };
  const sesIdentity = need('sesIdentity');
  const engagementManagerEmail = need('engagementManagerEmail');
  const cognitoDomainPrefix = need('cognitoDomainPrefix');
  const publicBaseUrl = read('publicBaseUrl').replace(/\/+$/, '');
  if (publicBaseUrl && !/^https:\/\/[^/]+$/.test(publicBaseUrl)) {
    throw new Error(`Context publicBaseUrl must be https://host with no path, not ${publicBaseUrl}`);
  }
  if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(cognitoDomainPrefix)) {
    throw new Error(`Context cognitoDomainPrefix must be lower-case letters, digits and hyphens: ${cognitoDomainPrefix}`);
  }
  const brand: Record<string, string> = {};
  for (const [key, env] of [['organisationName', 'ORGANISATION_NAME'], ['organisationColour', 'ORGANISATION_COLOUR'], ['organisationUrl', 'ORGANISATION_URL'], ['feedbackEmail', 'FEEDBACK_EMAIL']] as const) {
    const value = read(key);
    if (value) brand[env] = value;
  }
  if (brand.ORGANISATION_COLOUR && !/^#[0-9a-fA-F]{6}$/.test(brand.ORGANISATION_COLOUR)) {
    throw new Error(`Context organisationColour must be a colour like #1d3d5c, not ${brand.ORGANISATION_COLOUR}`);
  }
  const alarmEmail = read('alarmEmail');
  if (alarmEmail && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(alarmEmail)) {
    throw new Error(`Context alarmEmail must be an email address, not ${alarmEmail}`);
  }
  return { sesIdentity, publicBaseUrl, engagementManagerEmail, cognitoDomainPrefix, brand, ...(alarmEmail ? { alarmEmail } : {}) };
}
