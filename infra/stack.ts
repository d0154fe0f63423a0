/**
 * The whole service in one stack: the table (from `tableSchema`), the papers bucket, Cognito for
 * staff, the SES identity, and an HTTP API with one function per entry of the route table.
 * No physical names are set, so two copies of the stack can live in one account (the Cognito
 * domain prefix and the SES identity come from context and must differ between copies).
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolClientIdentityProvider,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, ProjectionType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { routeList, type RouteDef } from '../shared/routes.js';
import { tableSchema } from '../shared/store/keys.js';
import { pascalCase, sharedLogGroup, RouteFunction } from './constructs/route-function.js';
import { ScheduledJobs } from './constructs/jobs.js';

/** A route-table entry (`papers`: what its function may do in the papers bucket). */
export type StackRoute = RouteDef & { readonly name: string };

export interface ScrutinyStackProps extends StackProps {
  /** @default routeList, the whole route table */
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

  constructor(scope: Construct, id: string, props: ScrutinyStackProps = {}) {
    super(scope, id, props);
    const routes: readonly StackRoute[] = props.routes ?? routeList;
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
    });
    for (const index of tableSchema.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: attr(index.partitionKey),
        sortKey: attr(index.sortKey),
        projectionType: ProjectionType.ALL,
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
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(7) }],
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
      throttle: { rateLimit: 50, burstLimit: 100 },
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
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Plus plan: threat protection blocks sign-ins with compromised credentials and challenges risky ones.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'MFA is optional by design: staff accounts are created by an administrator and each person enrols a TOTP app ' +
        'themselves; threat protection (Plus plan, full function) blocks compromised credentials and challenges risky ' +
        'sign-ins meanwhile. Making it required is a one-line change (Mfa.REQUIRED) once every staff member has enrolled.',
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

    // API Gateway checks ID tokens in the Authorization header of staff API calls. Staff pages
    // carry the token in a session cookie, which the authorizer cannot read: those functions check it.
    const staffAuthorizer = new HttpJwtAuthorizer('StaffJwt', issuer, {
      jwtAudience: [client.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });

    // ---- One function per route ----
    const environment: Record<string, string> = {
      TABLE_NAME: this.table.tableName,
      PAPERS_BUCKET: this.papersBucket.bucketName,
      MAIL_FROM: mailFrom,
      ENGAGEMENT_MANAGER_EMAIL: settings.engagementManagerEmail,
      ...settings.brand,
      ...(settings.publicBaseUrl ? { PUBLIC_BASE_URL: settings.publicBaseUrl } : {}),
      AUTH_MODE: 'cognito',
      AUTH_ISSUER: issuer,
      AUTH_JWKS_URL: `${issuer}/.well-known/jwks.json`,
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
    for (const route of routes) {
      const id = pascalCase(route.name);
      const fn = new RouteFunction(this, id, { route, projectRoot, environment, logGroup: logGroups[route.kind] });
      if (route.table) fn.bindTable(this.table, route.table, indexNames);
      if (route.mail) fn.bindMail(mailIdentity);
      if (route.papers) fn.bindBucket(this.papersBucket, route.papers);
      this.routeFunctions.push(fn);

      const staffApi = route.kind === 'api' && route.access === 'staff';
      const httpRoute = new HttpRoute(this, `${id}Route`, {
        httpApi: this.api,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration: new HttpLambdaIntegration(`${id}Integration`, fn.function),
        authorizer: staffApi ? staffAuthorizer : undefined,
      });
      if (!staffApi) {
        Validations.of(httpRoute).acknowledge({ id: 'AwsSolutions-APIG4', reason: whyNoAuthorizer(route) });
      }
    }

    // Jobs have no request to take the site's address from: links in their emails use the base URL.
    const jobEnvironment = { ...environment, PUBLIC_BASE_URL: baseUrl };
    new ScheduledJobs(this, 'Jobs', { projectRoot, table: this.table, indexNames, environment: jobEnvironment, mailIdentity }); // shared/jobs.ts

    // ---- Outputs ----
    new CfnOutput(this, 'ApiUrl', { value: stage.url, description: 'Base URL of the site and API' });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: client.userPoolClientId });
    new CfnOutput(this, 'HostedUiUrl', { value: domain.baseUrl(), description: 'Cognito hosted sign-in' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'PapersBucketName', { value: this.papersBucket.bucketName });
    if (!settings.sesIdentity.includes('@')) {
      // A domain identity is verified by publishing these three CNAME records (Easy DKIM).
      mailIdentity.dkimRecords.forEach((record, i) => {
        new CfnOutput(this, `DkimRecord${i + 1}`, { value: `${record.name} CNAME ${record.value}` });
      });
    }
  }
}

/** Why a route that API Gateway does not authorize is still safe (AwsSolutions-APIG4). */
function whyNoAuthorizer(route: StackRoute): string {
  const where = `${route.method} ${route.path}`;
  if (route.access === 'staff') {
    return (
      `${where} is a staff page: browsers send the session cookie, which API Gateway's JWT authorizer ` +
      'cannot read, so the function verifies the Cognito ID token in the cookie (issuer, audience, staff group) ' +
      'before doing anything and redirects to sign-in otherwise.'
    );
  }
  if (route.access === 'author') {
    return `${where} is opened from an emailed link: the function checks the unguessable per-request token in the link.`;
  }
  if (route.kind === 'asset') return `${where} serves the site's stylesheet and scripts to everyone.`;
  if (route.kind === 'page') {
    return `${where} is a public page (${route.summary}): it must work before anyone has signed in.`;
  }
  return `${where} is public by design (${route.summary}); it returns only information that is published anyway.`;
}

interface Settings {
  sesIdentity: string;
  publicBaseUrl: string;
  engagementManagerEmail: string;
  cognitoDomainPrefix: string;
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
  return { sesIdentity, publicBaseUrl, engagementManagerEmail, cognitoDomainPrefix, brand };
}
