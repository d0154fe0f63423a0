import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { type App, Validations } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../infra/app.js';
import { pascalCase, ROUTE_TAG } from '../../../infra/constructs/route-function.js';
import { areaOf } from '../../../infra/areas.js';
import { grantSetName } from '../../../infra/constructs/route-roles.js';
import { JOB_TAG } from '../../../infra/constructs/jobs.js';
import { jobList, scheduledJobs, scheduleExpression } from '../../../shared/jobs.js';
import { THROTTLES, throttleClass } from '../../../infra/throttles.js';
import { UPLOADS_PREFIX } from '../../../infra/constructs/route-function.js';
import type { StackRoute } from '../../../infra/stack.js';
import { routeList } from '../../../shared/routes.js';
import { tableSchema } from '../../../shared/store/keys.js';
import { newApp, projectRoot, resourcesOfType, synthesize, type Synthesized } from './synth.js';

type Props = Record<string, any>;
type Statement = { Effect: string; Action: string | string[]; Resource?: unknown; Condition?: Props };

/** A whole-app synth takes a few seconds; allow for a busy machine. */
const SYNTH_TIMEOUT = 60_000;

const key = (r: { method: string; path: string }) => `${r.method} ${r.path}`;
const isStaffApi = (r: StackRoute) => r.kind === 'api' && r.access === 'staff';

describe('ScrutinyStack (whole route table)', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthesize();
  }, SYNTH_TIMEOUT);

  /** Our route functions, by route name. CDK's own helper functions (log retention, auto-delete
   *  objects, custom resources) are excluded by one rule: only RouteFunction tags a function with ROUTE_TAG. */
  const routeFunctions = () => {
    const byName = new Map<string, Props[]>();
    for (const fn of Object.values(resourcesOfType(s.merged, 'AWS::Lambda::Function'))) {
      const tags = (fn.Properties?.Tags ?? []) as { Key: string; Value: string }[];
      const name = tags.find((t) => t.Key === ROUTE_TAG)?.Value;
      if (name) byName.set(name, [...(byName.get(name) ?? []), fn.Properties!]);
    }
    return byName;
  };

  /** The IAM statements granted to the function of a route (all policies attached to its role). */
  const statementsOf = (routeName: string): Statement[] => {
    const fn = routeFunctions().get(routeName)?.[0];
    expect(fn, `function for ${routeName}`).toBeDefined();
    const roleLogicalId = (fn!.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    return Object.values(resourcesOfType(s.merged, 'AWS::IAM::Policy'))
      .filter((p) => (p.Properties!.Roles as { Ref: string }[]).some((r) => r.Ref === roleLogicalId))
      .flatMap((p) => (p.Properties!.PolicyDocument as { Statement: Statement[] }).Statement);
  };
  const actionsOf = (routeName: string) =>
    statementsOf(routeName).flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));

  it('builds the table from tableSchema: keys, every GSI with its projection (ALL, or KEYS_ONLY for the question queue), TTL', () => {
    const tables = Object.values(resourcesOfType(s.template, 'AWS::DynamoDB::Table'));
    expect(tables).toHaveLength(1);
    const table = tables[0]!.Properties!;
    expect(table.KeySchema).toEqual([
      { AttributeName: tableSchema.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableSchema.sortKey, KeyType: 'RANGE' },
    ]);
    expect(table.GlobalSecondaryIndexes).toEqual(
      tableSchema.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: index.projection },
      })),
    );
    const keyNames = [tableSchema.partitionKey, tableSchema.sortKey, ...tableSchema.indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
    expect((table.AttributeDefinitions as { AttributeName: string }[]).map((a) => a.AttributeName).sort()).toEqual(
      [...new Set(keyNames)].sort(),
    );
    expect(table.TimeToLiveSpecification).toEqual({ AttributeName: tableSchema.timeToLiveAttribute, Enabled: true });
    expect(table.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('protects the table: point-in-time recovery, deletion protection, retained', () => {
    const [table] = Object.values(resourcesOfType(s.template, 'AWS::DynamoDB::Table'));
    expect(table!.Properties!.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table!.Properties!.DeletionProtectionEnabled).toBe(true);
    expect(table!.DeletionPolicy).toBe('Retain');
    expect(table!.UpdateReplacePolicy).toBe('Retain');
  });

  it('sets no physical names, so two copies of the stack can share an account', () => {
    const named: [string, string][] = [
      ['AWS::DynamoDB::Table', 'TableName'],
      ['AWS::S3::Bucket', 'BucketName'],
      ['AWS::Lambda::Function', 'FunctionName'],
      ['AWS::IAM::Role', 'RoleName'],
      ['AWS::Logs::LogGroup', 'LogGroupName'],
      ['AWS::Cognito::UserPool', 'UserPoolName'],
    ];
    for (const [type, property] of named) {
      for (const [id, resource] of Object.entries(resourcesOfType(s.merged, type))) {
        expect(resource.Properties?.[property], `${id}.${property}`).toBeUndefined();
      }
    }
  });

  it('has exactly the routes of the route table', () => {
    const routeKeys = Object.values(resourcesOfType(s.merged, 'AWS::ApiGatewayV2::Route')).map((r) => r.Properties!.RouteKey);
    expect(routeKeys).toHaveLength(routeList.length);
    expect(new Set(routeKeys)).toEqual(new Set(routeList.map(key)));
  });

  it('makes exactly one function per route, on arm64 and Node.js 22 or newer', () => {
    const byName = routeFunctions();
    expect([...byName.keys()].sort()).toEqual(routeList.map((r) => r.name).sort());
    for (const [name, fns] of byName) {
      expect(fns, name).toHaveLength(1);
      const fn = fns[0]!;
      expect(fn.Architectures, name).toEqual(['arm64']);
      const major = Number(/^nodejs(\d+)\.x$/.exec(String(fn.Runtime))?.[1]);
      expect(major, `${name} runtime ${fn.Runtime}`).toBeGreaterThanOrEqual(22);
      expect(fn.MemorySize).toBe(512);
      expect(fn.Timeout).toBe(10);
      expect(fn.LoggingConfig?.LogGroup, `${name} logs to a log group of the stack`).toBeDefined();
    }
  });

  it('wires each route to its own function', () => {
    const integrations = resourcesOfType(s.merged, 'AWS::ApiGatewayV2::Integration');
    const functionIdByName = new Map(
      Object.entries(resourcesOfType(s.merged, 'AWS::Lambda::Function')).map(([id, fn]) => [
        ((fn.Properties!.Tags ?? []) as { Key: string; Value: string }[]).find((t) => t.Key === ROUTE_TAG)?.Value,
        id,
      ]),
    );
    const routes = Object.values(resourcesOfType(s.merged, 'AWS::ApiGatewayV2::Route'));
    for (const route of routeList) {
      const cfnRoute = routes.find((r) => r.Properties!.RouteKey === key(route))!;
      const integrationId = ((cfnRoute.Properties!.Target as Props)['Fn::Join'][1][1] as { Ref: string }).Ref;
      const target = integrations[integrationId]!.Properties!.IntegrationUri as { 'Fn::GetAtt': [string, string] };
      expect(target['Fn::GetAtt'][0], route.name).toBe(functionIdByName.get(route.name));
    }
  });

  it("puts each route, with its function, integration and permission, in its area's nested stack", () => {
    const areaStacks = s.stacks.slice(1);
    expect(areaStacks.map((st) => st.path).sort()).toEqual(
      [...new Set(routeList.map(areaOf))].map((area) => `ScrutinyCycle/${pascalCase(area)}Routes`).sort(),
    );
    for (const { path: stackPath, template } of areaStacks) {
      const area = [...s.stack.areas].find(([, nested]) => nested.node.path === stackPath)![0];
      const expected = routeList.filter((r) => areaOf(r) === area);
      const routeKeys = Object.values(resourcesOfType(template, 'AWS::ApiGatewayV2::Route')).map((r) => r.Properties!.RouteKey);
      expect(new Set(routeKeys), stackPath).toEqual(new Set(expected.map(key)));
      for (const type of ['AWS::Lambda::Function', 'AWS::ApiGatewayV2::Integration', 'AWS::Lambda::Permission']) {
        expect(Object.keys(resourcesOfType(template, type)), `${stackPath} ${type}`).toHaveLength(expected.length);
      }
      expect(Object.keys(resourcesOfType(template, 'AWS::IAM::Role')), `${stackPath} makes no role`).toEqual([]);
    }
    // The parent holds no route and no route function: only the jobs' functions and the one that
    // fetches the issuer's keys at deploy time.
    expect(resourcesOfType(s.template, 'AWS::ApiGatewayV2::Route')).toEqual({});
    expect(Object.keys(resourcesOfType(s.template, 'AWS::Lambda::Function'))).toHaveLength(jobList.length + 1);
  });

  it('gives the functions of routes with the same grants one role, and each grant set its own', () => {
    const roleOf = (name: string) => (routeFunctions().get(name)![0]!.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const grantSets = new Map<string, Set<string>>();
    for (const route of routeList) {
      const set = grantSetName(route);
      grantSets.set(set, (grantSets.get(set) ?? new Set()).add(roleOf(route.name)));
    }
    for (const [set, roles] of grantSets) expect([...roles], set).toHaveLength(1);
    const roleIds = [...grantSets.values()].flatMap((roles) => [...roles]);
    expect(new Set(roleIds).size, 'a role per grant set').toBe(grantSets.size);
    for (const id of roleIds) expect(id, 'route roles are made in the parent stack').toMatch(/^RouteRoles/);
    expect(grantSets.size).toBeLessThan(routeList.length / 2);
  });

  it('passes what the area stacks use as parameters: no stack exports or imports a value', () => {
    for (const { path: stackPath, template } of s.stacks) {
      const json = JSON.stringify(template.toJSON());
      expect(json, stackPath).not.toContain('Fn::ImportValue');
      for (const [name, output] of Object.entries(template.findOutputs('*'))) {
        expect(output.Export, `${stackPath} output ${name}`).toBeUndefined();
      }
    }
    // The API and the authorizer the routes use are the parent's own, handed down.
    for (const route of Object.values(resourcesOfType(s.merged, 'AWS::ApiGatewayV2::Route'))) {
      expect(route.Properties!.ApiId).toEqual({ Ref: expect.stringMatching(/^Api[0-9A-F]{8}$/) });
    }
  });

  it('puts the JWT authorizer on staff API routes and on no other route', () => {
    const authorizers = resourcesOfType(s.template, 'AWS::ApiGatewayV2::Authorizer');
    expect(Object.keys(authorizers)).toHaveLength(1);
    const [authorizerId, authorizer] = Object.entries(authorizers)[0]!;
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: { 'Fn::GetAtt': [expect.stringMatching(/^UserPool/), 'ProviderURL'] },
        Audience: [{ Ref: expect.stringMatching(/^UserPoolWebClient/) }],
      },
    });
    const routes = Object.values(resourcesOfType(s.merged, 'AWS::ApiGatewayV2::Route'));
    for (const route of routeList) {
      const props = routes.find((r) => r.Properties!.RouteKey === key(route))!.Properties!;
      if (isStaffApi(route)) {
        expect(props.AuthorizationType, key(route)).toBe('JWT');
        expect(props.AuthorizerId, key(route)).toEqual({ Ref: authorizerId });
      } else {
        expect(props.AuthorizationType ?? 'NONE', key(route)).toBe('NONE');
        expect(props.AuthorizerId, key(route)).toBeUndefined();
      }
    }
    expect(routeList.some(isStaffApi)).toBe(true);
  });

  it('has Cognito for staff: no self sign-up, strong passwords, TOTP, a staff group and a code-flow client', () => {
    s.template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'staff' });
    s.template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      // Required, TOTP only (issue 14 §5): no acknowledgement of AwsSolutions-COG2 any more.
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      UserPoolTier: 'PLUS',
    });
    s.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: Match.arrayWith(['openid']),
      GenerateSecret: false,
      CallbackURLs: [{ 'Fn::Join': ['', [Match.anyValue(), '/auth/callback']] }],
      LogoutURLs: [{ 'Fn::Join': ['', [Match.anyValue(), '/']] }],
    });
    s.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'scrutiny-cycle' });
  });

  it('keeps papers private, encrypted, versioned and logged, and refuses plain HTTP', () => {
    const buckets = resourcesOfType(s.template, 'AWS::S3::Bucket');
    const papersId = Object.keys(buckets).find((id) => id.startsWith('PapersBucket'))!;
    const papers = buckets[papersId]!;
    expect(papers.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: { Ref: expect.stringMatching(/^AccessLogsBucket/) } },
    });
    expect(papers.DeletionPolicy).toBe('Retain');

    const policies = Object.values(resourcesOfType(s.template, 'AWS::S3::BucketPolicy'));
    for (const bucketId of Object.keys(buckets)) {
      const policy = policies.find((p) => (p.Properties!.Bucket as { Ref: string }).Ref === bucketId);
      expect(policy, `policy of ${bucketId}`).toBeDefined();
      const statements = (policy!.Properties!.PolicyDocument as { Statement: Statement[] }).Statement;
      expect(
        statements.some(
          (st) => st.Effect === 'Deny' && st.Condition?.Bool?.['aws:SecureTransport'] === 'false',
        ),
        `${bucketId} denies non-TLS requests`,
      ).toBe(true);
    }
  });

  it('gives every function the environment it needs, and nothing that is local-only', () => {
    for (const [name, [fn]] of routeFunctions()) {
      const env = fn!.Environment.Variables as Props;
      for (const variable of [
        'TABLE_NAME',
        'PAPERS_BUCKET',
        'MAIL_FROM',
        'ENGAGEMENT_MANAGER_EMAIL',
        'AUTH_ISSUER',
        'AUTH_JWKS_URL',
        'AUTH_CLIENT_ID',
        'COGNITO_DOMAIN',
        'POWERTOOLS_SERVICE_NAME',
        'LOG_LEVEL',
      ]) {
        expect(env[variable], `${name} ${variable}`).toBeDefined();
      }
      expect(env).toMatchObject({
        AUTH_MODE: 'cognito',
        AUTH_STAFF_GROUP: 'staff',
        SECURE_COOKIES: 'true',
        MAIL_FROM: 'Community Outcomes Meeting <no-reply@example.org>',
      });
      // Source maps are deployed but not enabled: --enable-source-maps costs every cold start (README, "Source maps").
      expect(env.NODE_OPTIONS, name).toBeUndefined();
      for (const localOnly of ['ALLOW_CLOCK_HEADER', 'DYNAMODB_ENDPOINT', 'SES_ENDPOINT', 'S3_ENDPOINT']) {
        expect(env[localOnly], `${name} ${localOnly}`).toBeUndefined();
      }
      // Empty publicBaseUrl in cdk.json: functions derive the base URL from the request.
      expect(env.PUBLIC_BASE_URL, name).toBeUndefined();
      const route = routeList.find((r) => r.name === name)!;
      // Pages render views; no route renders an email (the outbox's sender does).
      const rendersViews = route.kind === 'page';
      expect(env.VIEWS_DIR, name).toBe(rendersViews ? '/var/task/views' : undefined);
      expect(env.ASSETS_DIR, name).toBe(route.kind === 'asset' ? '/var/task/assets' : undefined);
    }
  });

  it("gives staff functions Cognito's keys fetched at deploy time (AUTH_JWKS), and no other function", () => {
    // One custom resource GETs the pool's JWKS URL when the stack deploys (infra/constructs/issuer-keys.ts).
    const keys = Object.entries(resourcesOfType(s.template, 'Custom::IssuerKeys'));
    expect(keys).toHaveLength(1);
    const [keysId, resource] = keys[0]!;
    expect(JSON.stringify(resource.Properties!.Url)).toMatch(/UserPool.*\/\.well-known\/jwks\.json/);
    const provider = (resource.Properties!.ServiceToken as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const fn = resourcesOfType(s.template, 'AWS::Lambda::Function')[provider]!.Properties!;
    expect(fn).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Handler: 'index.handler' });
    expect((fn.Code as { ZipFile: string }).ZipFile).toContain('ResponseURL');
    for (const [name, [routeFn]] of routeFunctions()) {
      const env = routeFn!.Environment.Variables as Props;
      const route = routeList.find((r) => r.name === name)!;
      if (route.access === 'staff') expect(env.AUTH_JWKS, name).toEqual({ 'Fn::GetAtt': [keysId, 'Jwks'] });
      else expect(env.AUTH_JWKS, name).toBeUndefined();
    }
  });

  it('grants each function only what its route needs', () => {
    for (const route of routeList) {
      const actions = actionsOf(route.name);
      // No route sends email: the outbox's sender does (issue 14).
      expect(actions.includes('ses:SendEmail'), `${route.name} ses:SendEmail`).toBe(false);
      expect(actions.includes('dynamodb:Query'), `${route.name} dynamodb:Query`).toBe(route.table !== undefined);
      expect(actions.includes('dynamodb:PutItem'), `${route.name} dynamodb:PutItem`).toBe(route.table === 'write');
      expect(actions.some((a) => a.startsWith('s3:')), `${route.name} s3`).toBe(route.papers !== undefined);
      expect(actions.includes('s3:PutObject'), `${route.name} s3:PutObject`).toBe(route.papers === 'write');
      expect(actions.filter((a) => a.includes('*')), `${route.name} wildcard actions`).toEqual([]);
      // Papers: objects under papers/ of the papers bucket only (and uploads/ for routes that write),
      // never the bucket itself (no listing).
      const objects = (prefix: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^PapersBucket/), 'Arn'] }, `/${prefix}*`]] });
      for (const st of statementsOf(route.name).filter((x) => [x.Action].flat().some((a) => a.startsWith('s3:')))) {
        expect([st.Resource].flat(), route.name).toEqual(route.papers === 'write' ? [objects('papers/'), objects('uploads/')] : [objects('papers/')]);
      }
    }
    expect(routeList.filter((r) => r.papers).map((r) => r.name)).toEqual(
      expect.arrayContaining(['show-paper-page', 'check-paper-upload', 'submit-paper', 'download-paper', 'download-public-paper']),
    );
    // The examples the brief names, spelled out.
    const readOnly = routeList.find((r) => r.table === 'read')!;
    expect(actionsOf(readOnly.name)).not.toContain('dynamodb:PutItem');
  });

  it('uses no AWS managed policies (each role only writes its own log group)', () => {
    for (const [id, role] of Object.entries(resourcesOfType(s.merged, 'AWS::IAM::Role'))) {
      expect(role.Properties?.ManagedPolicyArns, id).toBeUndefined();
    }
  });

  it('logs API access and outputs what an operator needs', () => {
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
    const outputs = Object.keys(s.template.findOutputs('*'));
    for (const output of ['ApiUrl', 'UserPoolId', 'UserPoolClientId', 'TableName', 'PapersBucketName']) {
      expect(outputs).toContain(output);
    }
  });

  it('passes cdk-nag AwsSolutions: synth succeeded and no unacknowledged finding is left', () => {
    // 1. CDK's report (synth itself would have thrown in beforeAll on a failing plugin).
    const reportFile = path.join(s.outdir, 'validation-report.json');
    expect(existsSync(reportFile)).toBe(true);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { pluginReports: { pluginName: string; violations: unknown[] }[] };
    const findings = report.pluginReports.flatMap((r) => r.violations.map((v) => ({ plugin: r.pluginName, ...(v as Props) })));
    expect(findings).toEqual([]);
    // 2. cdk-nag's own API on the same construct tree, errors and warnings alike.
    const direct = new AwsSolutionsChecks().validateScope(s.app);
    expect(direct.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath)}`)).toEqual([]);
    expect(direct.success).toBe(true);
  });

  it('acknowledges only the reviewed findings, each with a reason', () => {
    const acknowledged = acknowledgements(s.app);
    const allowed = (ack: Ack) =>
      // Routes sit in the nested stack of their area.
      (ack.id === 'AwsSolutions-APIG4' && /^ScrutinyCycle\/[A-Z]\w+Routes\/\w+Route$/.test(ack.path)) ||
      // Object-level grants on the papers/ prefix, on the role of each grant set that declares `papers`.
      // (and uploads/ where the set writes).
      (/^AwsSolutions-IAM5\[Resource::<PapersBucket\w+\.Arn>\/(papers|uploads)\/\*\]$/.test(ack.id) && /^ScrutinyCycle\/RouteRoles\/\w+$/.test(ack.path)) ||
      // The failure queues (jobs' DLQ, the stream's failure queue, the SNS subscription's DLQ) need no DLQ of their own.
      (ack.id === 'AwsSolutions-SQS3' && /^ScrutinyCycle\/Jobs\/(DeadLetterQueue|StreamFailureQueue|MailEventsDeadLetterQueue)$/.test(ack.path)) ||
      // dynamodb:ListStreams (the outbox's event source mapping) takes no resource but *.
      (ack.id === 'AwsSolutions-IAM5[Resource::*]' && ack.path === 'ScrutinyCycle/Jobs/SendOutbox/Role') ||
      // SNS invokes the unqualified record-mail-event function: its permission is on the function.
      (ack.id === '@aws-cdk/aws-lambda:addPermissionsToVersionOrAlias' && ack.path === 'ScrutinyCycle/Jobs/RecordMailEvent/Function');
    expect(acknowledged.filter((ack) => !allowed(ack))).toEqual([]);
    for (const ack of acknowledged) expect(ack.reason.length, `${ack.path} ${ack.id}`).toBeGreaterThan(60);
    // One APIG4 acknowledgement per route without the authorizer, none on staff API routes.
    expect(acknowledged.filter((ack) => ack.id === 'AwsSolutions-APIG4')).toHaveLength(
      routeList.filter((r) => !isStaffApi(r)).length,
    );
    expect(acknowledged.filter((ack) => /^AwsSolutions-IAM5\[Resource::<PapersBucket/.test(ack.id))).toHaveLength(
      new Set(routeList.filter((r) => r.papers).map(grantSetName)).size + new Set(routeList.filter((r) => r.papers === 'write').map(grantSetName)).size,
    );
    expect(acknowledged.map((ack) => ack.id)).not.toContain('AwsSolutions-COG2');
  });

  it('lets browsers post uploads to the papers bucket (CORS: POST only)', () => {
    const buckets = resourcesOfType(s.template, 'AWS::S3::Bucket');
    const papers = Object.entries(buckets).find(([id]) => id.startsWith('PapersBucket'))![1];
    // No publicBaseUrl in cdk.json: any origin (the upload itself is authorised by the presigned policy).
    expect(papers.Properties!.CorsConfiguration).toEqual({
      CorsRules: [{ AllowedMethods: ['POST'], AllowedOrigins: ['*'], ExposedHeaders: ['ETag', 'Location'], MaxAge: 3000 }],
    });
  });
});

describe('cdk-nag check (control)', () => {
  it('fails synth and reports an unacknowledged finding', () => {
    const { app, outdir } = newApp();
    const stack = buildApp(app, { projectRoot, routes: routeList.filter((r) => r.name === 'get-openapi') });
    new Bucket(stack, 'UnloggedBucket', { enforceSSL: true });
    expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
    const report = readFileSync(path.join(outdir, 'validation-report.json'), 'utf8');
    expect(report).toContain('"ruleName": "AwsSolutions-S1"');
    expect(report).toContain('ScrutinyCycle/UnloggedBucket/Resource');
    expect(new AwsSolutionsChecks().validateScope(app).violations.map((v) => v.ruleName)).toEqual(['AwsSolutions-S1']);
  });
});

describe('ScrutinyStack (context and route variants)', () => {
  const one = (name: string) => routeList.filter((r) => r.name === name);

  it('sets PUBLIC_BASE_URL, the Cognito URLs and the upload CORS origin from context publicBaseUrl', () => {
    const { template, merged } = synthesize({ routes: one('show-home') }, { publicBaseUrl: 'https://scrutiny.example.org/' });
    template.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedMethods: ['POST'], AllowedOrigins: ['https://scrutiny.example.org'] })] },
    });
    const [fn] = routeFunctionsOf(merged);
    expect((fn!.Properties!.Environment as Props).Variables.PUBLIC_BASE_URL).toBe('https://scrutiny.example.org');
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: ['https://scrutiny.example.org/auth/callback'],
      LogoutURLs: ['https://scrutiny.example.org/'],
    });
  });

  it('sends from an email-address identity as itself', () => {
    const { template, merged } = synthesize({ routes: one('create-request') }, { sesIdentity: 'com@example.org' });
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'com@example.org' });
    const [fn] = routeFunctionsOf(merged);
    expect((fn!.Properties!.Environment as Props).Variables.MAIL_FROM).toBe('com@example.org');
  });

  it('grants object access to routes that declare papers, and passes cdk-nag', () => {
    const routes: StackRoute[] = [{ ...one('get-meeting')[0]!, papers: 'write' }];
    const { template } = synthesize({ routes });
    const statements = Object.values(resourcesOfType(template, 'AWS::IAM::Policy')).flatMap(
      (p) => (p.Properties!.PolicyDocument as { Statement: Statement[] }).Statement,
    );
    const s3 = statements.find((st) => [st.Action].flat().includes('s3:PutObject'))!;
    expect([s3.Action].flat().sort()).toEqual(['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:GetObject', 's3:GetObjectVersion', 's3:PutObject']);
  });

  it('leaves every route out with context routes=none (the first step of moving an older copy), keeping data and jobs', () => {
    const { stack, merged, stacks } = synthesize({}, { routes: 'none' });
    expect(stacks.map((st) => st.path)).toEqual(['ScrutinyCycle']);
    expect(stack.areas.size).toBe(0);
    expect(resourcesOfType(merged, 'AWS::ApiGatewayV2::Route')).toEqual({});
    // Nor the fetch of the issuer's keys, which only staff routes use.
    expect(Object.keys(resourcesOfType(merged, 'AWS::Lambda::Function'))).toHaveLength(jobList.length);
    expect(resourcesOfType(merged, 'Custom::IssuerKeys')).toEqual({});
    expect(Object.keys(resourcesOfType(merged, 'AWS::DynamoDB::Table'))).toHaveLength(1);
    expect(Object.keys(resourcesOfType(merged, 'AWS::Cognito::UserPool'))).toHaveLength(1);
  });

  it('refuses a malformed publicBaseUrl at synth', () => {
    expect(() => synthesize({ routes: one('show-home') }, { publicBaseUrl: 'http://insecure.example.org' })).toThrow(
      /publicBaseUrl/,
    );
  });
});

/** The functions of routes (RouteFunction tags them; jobs and CDK's helpers are left out). */
function routeFunctionsOf(template: Template) {
  const fns = Object.values(resourcesOfType(template, 'AWS::Lambda::Function')).filter((fn) =>
    ((fn.Properties?.Tags ?? []) as { Key: string }[]).some((t) => t.Key === ROUTE_TAG),
  );
  expect(fns.length).toBeGreaterThan(0);
  return fns;
}

type Ack = { path: string; id: string; reason: string };

/** Every acknowledgement recorded with Validations.of(construct).acknowledge() in the app. */
function acknowledgements(app: App): Ack[] {
  const out: Ack[] = [];
  const visit = (c: IConstruct) => {
    for (const entry of c.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        out.push({ path: c.node.path, id: id.replace(/^[a-z]+::/i, ''), reason: String(reason) });
      }
    }
    c.node.children.forEach(visit);
  };
  visit(app);
  return out;
}

describe('ScrutinyStack (jobs from shared/jobs.ts)', () => {
  let s: Synthesized;
  beforeAll(() => {
    // No routes: only what the job table adds (and the stack's fixed resources).
    s = synthesize({ routes: [] });
  }, SYNTH_TIMEOUT);

  const jobFunctions = () =>
    Object.entries(resourcesOfType(s.template, 'AWS::Lambda::Function')).filter(([, fn]) =>
      ((fn.Properties?.Tags ?? []) as { Key: string }[]).some((t) => t.Key === JOB_TAG),
    );
  const jobFunctionId = (name: string) =>
    jobFunctions().find(([, fn]) => (fn.Properties!.Tags as { Key: string; Value: string }[]).some((t) => t.Key === JOB_TAG && t.Value === name))![0];
  const statements = () =>
    Object.values(resourcesOfType(s.template, 'AWS::IAM::Policy')).flatMap((p) => (p.Properties!.PolicyDocument as { Statement: Statement[] }).Statement);
  /** The statements of the policies attached to a job function's role. */
  const statementsOfJob = (name: string): Statement[] => {
    const fn = resourcesOfType(s.template, 'AWS::Lambda::Function')[jobFunctionId(name)]!;
    const roleId = (fn.Properties!.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    return Object.values(resourcesOfType(s.template, 'AWS::IAM::Policy'))
      .filter((p) => (p.Properties!.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
      .flatMap((p) => (p.Properties!.PolicyDocument as { Statement: Statement[] }).Statement);
  };
  const queueId = (name: string) => {
    const id = Object.keys(resourcesOfType(s.template, 'AWS::SQS::Queue')).find((q) => q.startsWith(`Jobs${name}`));
    expect(id, name).toBeDefined();
    return id!;
  };

  it('makes one function per job, tagged as a job (not a route), on arm64 and Node.js 22+, with its own timeout and memory', () => {
    const fns = jobFunctions();
    expect(fns.map(([, fn]) => ((fn.Properties!.Tags as { Key: string; Value: string }[]).find((t) => t.Key === JOB_TAG))!.Value).sort()).toEqual(
      jobList.map((j) => j.name).sort(),
    );
    for (const [id, fn] of fns) {
      const name = (fn.Properties!.Tags as { Key: string; Value: string }[]).find((t) => t.Key === JOB_TAG)!.Value;
      const job = jobList.find((j) => j.name === name)!;
      expect((fn.Properties!.Tags as { Key: string }[]).some((t) => t.Key === ROUTE_TAG), id).toBe(false);
      expect(fn.Properties!.Architectures, id).toEqual(['arm64']);
      expect(Number(/^nodejs(\d+)\.x$/.exec(String(fn.Properties!.Runtime))?.[1]), id).toBeGreaterThanOrEqual(22);
      expect((fn.Properties!.Environment as Props).Variables.TABLE_NAME, id).toBeDefined();
      expect(fn.Properties!.Timeout, name).toBe(job.timeoutSeconds);
      expect(fn.Properties!.MemorySize, name).toBe(job.memoryMB);
    }
    // The reminder sweep no longer runs with a route's 10 s (issue 14: it was killed mid-sweep).
    expect(jobList.find((j) => j.name === 'send-reminders')!.timeoutSeconds).toBeGreaterThan(10);
  });

  it('schedules each scheduled job in Europe/London, invoking an alias with retries and a dead-letter queue', () => {
    const schedules = Object.values(resourcesOfType(s.template, 'AWS::Scheduler::Schedule'));
    expect(schedules).toHaveLength(scheduledJobs.length);
    for (const job of scheduledJobs) {
      const schedule = schedules.find((r) => String(r.Properties!.Description).startsWith(`${job.name}:`))!;
      expect(schedule, job.name).toBeDefined();
      expect(schedule.Properties).toMatchObject({
        ScheduleExpression: scheduleExpression(job.schedule),
        ScheduleExpressionTimezone: 'Europe/London',
        State: 'ENABLED',
        Target: {
          Input: '{}',
          RetryPolicy: { MaximumRetryAttempts: job.retryAttempts },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/^JobsDeadLetterQueue/), 'Arn'] } },
          Arn: { Ref: expect.stringMatching(/Aliaslive/) },
        },
      });
    }
    const scheduleOf = (name: string) => scheduledJobs.find((j) => j.name === name)!.schedule;
    expect(scheduleExpression(scheduleOf('purge-personal-data'))).toBe('cron(15 3 * * ? *)');
    // Reminders: every hour in working hours, London time.
    expect(scheduleExpression(scheduleOf('send-reminders'))).toBe('cron(0 8-18 ? * MON-FRI *)');
    // A job fed only by events has no schedule.
    expect(scheduledJobs.map((j) => j.name)).not.toContain('record-mail-event');
  });

  it('sends each failed asynchronous run to the encrypted dead-letter queue (a Lambda on-failure destination), after deliberate retries', () => {
    const configs = Object.values(resourcesOfType(s.template, 'AWS::Lambda::EventInvokeConfig'));
    const asyncJobs = jobList.filter((j) => j.schedule || j.mailEvents);
    expect(configs).toHaveLength(asyncJobs.length);
    for (const job of asyncJobs) {
      const config = configs.find((c) => (c.Properties!.FunctionName as { Ref: string }).Ref === jobFunctionId(job.name));
      expect(config, job.name).toBeDefined();
      expect(config!.Properties).toMatchObject({
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId('DeadLetterQueue'), 'Arn'] } } },
        MaximumRetryAttempts: Math.min(job.retryAttempts, 2),
        MaximumEventAgeInSeconds: 6 * 3600,
      });
      // Scheduled runs invoke the alias: its settings are the alias's. SNS invokes the function itself.
      if (job.schedule) expect(JSON.stringify(config!.Properties!.Qualifier), job.name).toContain('Aliaslive');
      else expect(config!.Properties!.Qualifier, job.name).toBe('$LATEST');
    }
    // The outbox's minute sweep is not retried (the next minute is its retry); the others are.
    const retries = Object.fromEntries(jobList.map((j) => [j.name, Math.min(j.retryAttempts, 2)]));
    expect(retries).toEqual({ 'purge-personal-data': 2, 'send-reminders': 2, 'send-outbox': 0, 'record-mail-event': 2 });
    // Each function may send to the queue (the destination's grant).
    for (const job of asyncJobs) {
      const send = statementsOfJob(job.name).find((st) => [st.Action].flat().includes('sqs:SendMessage'));
      expect(JSON.stringify(send?.Resource), job.name).toContain(queueId('DeadLetterQueue'));
    }
  });

  it('feeds the outbox sender from the table stream: filtered to pending emails, batch item failures, bisect, bounded retries, failures to a queue', () => {
    const [table] = Object.values(resourcesOfType(s.template, 'AWS::DynamoDB::Table'));
    expect(table!.Properties!.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
    const mappings = Object.values(resourcesOfType(s.template, 'AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(jobList.filter((j) => j.stream).length);
    const mapping = mappings[0]!.Properties!;
    expect(mapping).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [expect.stringMatching(/^Table/), 'StreamArn'] },
      StartingPosition: 'LATEST',
      BatchSize: 10,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      MaximumRecordAgeInSeconds: 3600,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId('StreamFailureQueue'), 'Arn'] } } },
    });
    expect(JSON.stringify(mapping.FunctionName)).toContain('JobsSendOutboxFunctionAliaslive');
    const filters = (mapping.FilterCriteria as { Filters: { Pattern: string }[] }).Filters.map((f) => JSON.parse(f.Pattern));
    expect(filters).toEqual([
      { eventName: ['INSERT', 'MODIFY'], dynamodb: { NewImage: { entity: { S: ['email'] }, status: { S: ['pending'] } } } },
    ]);
    // The sender reads the stream (and only it) and may send the failure queue a batch's details.
    const actions = statementsOfJob('send-outbox').flatMap((st) => [st.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'ses:SendEmail', 'dynamodb:PutItem']));
    const queueStatement = statementsOfJob('send-outbox').find((st) => [st.Action].flat().includes('sqs:SendMessage'))!;
    expect(JSON.stringify(queueStatement.Resource)).toContain(queueId('StreamFailureQueue'));
  });

  it('sends with an SES configuration set whose bounces and complaints reach record-mail-event through an encrypted topic', () => {
    const sets = Object.keys(resourcesOfType(s.template, 'AWS::SES::ConfigurationSet'));
    expect(sets).toHaveLength(1);
    const destinations = Object.values(resourcesOfType(s.template, 'AWS::SES::ConfigurationSetEventDestination'));
    expect(destinations).toHaveLength(1);
    const destination = destinations[0]!.Properties!.EventDestination as Props;
    expect([...destination.MatchingEventTypes].sort()).toEqual(['bounce', 'complaint']);
    const topicRef = destination.SnsDestination.TopicARN.Ref as string;
    const topic = resourcesOfType(s.template, 'AWS::SNS::Topic')[topicRef]!;
    expect(topic.Properties!.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^TopicKey/), 'Arn'] });
    // The topic's one subscriber is the record-mail-event function, with a dead-letter queue.
    const subscriptions = Object.values(resourcesOfType(s.template, 'AWS::SNS::Subscription')).filter(
      (sub) => (sub.Properties!.TopicArn as { Ref: string }).Ref === topicRef,
    );
    expect(subscriptions).toHaveLength(1);
    expect(subscriptions[0]!.Properties).toMatchObject({
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [jobFunctionId('record-mail-event'), 'Arn'] },
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [queueId('MailEventsDeadLetterQueue'), 'Arn'] } },
    });
    // SES may publish to it and use the key; CloudWatch may use the key (the alarm topic).
    expect(JSON.stringify(resourcesOfType(s.template, 'AWS::SNS::TopicPolicy'))).toContain('ses.amazonaws.com');
    const keyPolicy = JSON.stringify(Object.values(resourcesOfType(s.template, 'AWS::KMS::Key'))[0]!.Properties!.KeyPolicy);
    expect(keyPolicy).toContain('ses.amazonaws.com');
    expect(keyPolicy).toContain('cloudwatch.amazonaws.com');
    // The outbox sender names the set (and may send with it); no other job sends email.
    for (const [id, fn] of jobFunctions()) {
      const env = (fn.Properties!.Environment as Props).Variables;
      if (id === jobFunctionId('send-outbox')) expect(env.SES_CONFIGURATION_SET).toEqual({ Ref: sets[0] });
      else expect(env.SES_CONFIGURATION_SET, id).toBeUndefined();
    }
    const ses = statementsOfJob('send-outbox').find((st) => [st.Action].flat().includes('ses:SendEmail'))!;
    expect(JSON.stringify(ses.Resource)).toContain(':configuration-set/');
    expect(JSON.stringify(ses.Resource)).toContain(':identity/');
    for (const job of jobList.filter((j) => !j.mail)) {
      expect(statementsOfJob(job.name).flatMap((st) => [st.Action].flat()), job.name).not.toContain('ses:SendEmail');
    }
  });

  it('lets the purge job query the expiry index and delete, and the scheduler invoke only the alias', () => {
    const all = statements();
    const actions = all.flatMap((st) => [st.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:BatchWriteItem', 'dynamodb:DeleteItem']));
    expect(JSON.stringify(all)).toContain('/index/gsi2');
    const invoke = all.filter((st) => [st.Action].flat().includes('lambda:InvokeFunction'));
    expect(invoke).toHaveLength(scheduledJobs.length);
    for (const st of invoke) expect(JSON.stringify(st.Resource)).not.toContain(':*');
  });

  it('encrypts every failure queue, keeps its messages 14 days and refuses plain HTTP', () => {
    const queues = resourcesOfType(s.template, 'AWS::SQS::Queue');
    expect(Object.keys(queues).map((id) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual(
      ['JobsDeadLetterQueue', 'JobsMailEventsDeadLetterQueue', 'JobsStreamFailureQueue'],
    );
    for (const [id, queue] of Object.entries(queues)) {
      expect(queue.Properties, id).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
      const policy = Object.values(resourcesOfType(s.template, 'AWS::SQS::QueuePolicy')).find((p) =>
        (p.Properties!.Queues as { Ref: string }[]).some((q) => q.Ref === id),
      );
      expect(JSON.stringify(policy), id).toContain('aws:SecureTransport');
    }
  });

  it('raises an alarm to the alarm topic for each kind of failure', () => {
    const alarms = Object.entries(resourcesOfType(s.template, 'AWS::CloudWatch::Alarm')).map(([id, a]) => ({ id, ...a.Properties! }) as Props);
    const topicId = Object.keys(resourcesOfType(s.template, 'AWS::SNS::Topic')).find((id) => id.startsWith('AlarmsTopic'))!;
    expect(topicId).toBeDefined();
    for (const alarm of alarms) {
      expect(alarm.AlarmActions, alarm.id).toEqual([{ Ref: topicId }]);
      expect(alarm.OKActions, alarm.id).toEqual([{ Ref: topicId }]);
      expect(alarm.TreatMissingData, alarm.id).toBe('notBreaching');
    }
    // Job errors: one per job function.
    for (const job of jobList) {
      const alarm = alarms.find((a) => a.MetricName === 'Errors' && a.Dimensions?.[0]?.Value?.Ref === jobFunctionId(job.name));
      expect(alarm, job.name).toMatchObject({ Namespace: 'AWS/Lambda', Statistic: 'Sum', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    }
    // Messages visible in each failure queue.
    for (const name of ['DeadLetterQueue', 'StreamFailureQueue', 'MailEventsDeadLetterQueue']) {
      const alarm = alarms.find(
        (a) => a.MetricName === 'ApproximateNumberOfMessagesVisible' && JSON.stringify(a.Dimensions).includes(queueId(name)),
      );
      expect(alarm, name).toMatchObject({ Namespace: 'AWS/SQS', Threshold: 1 });
    }
    // Emails the outbox gave up on: a metric filter on the jobs' log group.
    const [filter] = Object.values(resourcesOfType(s.template, 'AWS::Logs::MetricFilter'));
    expect(filter!.Properties).toMatchObject({
      FilterPattern: '{ $.outboxFailed = 1 }',
      LogGroupName: { Ref: expect.stringMatching(/^JobsLogs/) },
      MetricTransformations: [{ MetricNamespace: 'ScrutinyCycle', MetricName: 'OutboxFailed', MetricValue: '1' }],
    });
    expect(alarms.find((a) => a.Namespace === 'ScrutinyCycle' && a.MetricName === 'OutboxFailed')).toMatchObject({ Threshold: 1 });
    // The API's 5xx rate: a math expression over 5xx and Count for this API.
    const api5xx = alarms.find((a) => JSON.stringify(a.Metrics ?? []).includes('"5xx"'))!;
    expect(api5xx).toBeDefined();
    const expression = (api5xx.Metrics as Props[]).find((m) => m.Expression)!;
    expect(expression.Expression).toMatch(/100 \* FILL\(errors, 0\) \/ requests/);
    for (const m of (api5xx.Metrics as Props[]).filter((x) => x.MetricStat)) {
      expect(m.MetricStat.Metric.Namespace).toBe('AWS/ApiGateway');
      expect(m.MetricStat.Metric.Dimensions).toEqual([{ Name: 'ApiId', Value: { Ref: expect.stringMatching(/^Api[0-9A-F]{8}$/) } }]);
    }
    expect(api5xx).toMatchObject({ Threshold: 5, ComparisonOperator: 'GreaterThanThreshold' });
    // SES bounce rate above 5%.
    expect(alarms.find((a) => a.Namespace === 'AWS/SES')).toMatchObject({
      MetricName: 'Reputation.BounceRate',
      Threshold: 0.05,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(alarms).toHaveLength(jobList.length + 3 + 3);
    // No alarmEmail in cdk.json: the topic has no subscription (and is encrypted).
    expect(Object.values(resourcesOfType(s.template, 'AWS::SNS::Subscription')).filter((sub) => sub.Properties!.Protocol === 'email')).toEqual([]);
    expect(resourcesOfType(s.template, 'AWS::SNS::Topic')[topicId]!.Properties!.KmsMasterKeyId).toBeDefined();
  });

  it('emails the alarms to context alarmEmail, and refuses one that is not an address', () => {
    const { template } = synthesize({ routes: [] }, { alarmEmail: 'ops@example.org' });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.org',
      TopicArn: { Ref: Match.stringLikeRegexp('^AlarmsTopic') },
    });
    expect(() => synthesize({ routes: [] }, { alarmEmail: 'not an address' })).toThrow(/alarmEmail/);
  }, SYNTH_TIMEOUT);

  it('removes never-submitted uploads after 2 days and replaced versions after 90, never a submitted paper', () => {
    const buckets = resourcesOfType(s.template, 'AWS::S3::Bucket');
    const papers = Object.entries(buckets).find(([id]) => id.startsWith('PapersBucket'))![1];
    const rules = (papers.Properties!.LifecycleConfiguration as { Rules: Props[] }).Rules;
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Id: 'UploadsNeverSubmitted', Prefix: 'uploads/', ExpirationInDays: 2, Status: 'Enabled' }),
        expect.objectContaining({ Id: 'UploadsDeleteMarkers', Prefix: 'uploads/', ExpiredObjectDeleteMarker: true }),
        expect.objectContaining({ Id: 'NoncurrentVersions', NoncurrentVersionExpiration: { NoncurrentDays: 90 } }),
        expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }),
      ]),
    );
    // Only uploads/ objects ever expire: a rule that expires current objects always has that prefix.
    for (const rule of rules.filter((r) => r.ExpirationInDays !== undefined || r.ExpirationDate !== undefined)) {
      expect(rule.Prefix, rule.Id).toBe('uploads/');
    }
    expect(UPLOADS_PREFIX).toBe('uploads/');
  });
});

describe('ScrutinyStack (per-route throttles from the route table)', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthesize();
  }, SYNTH_TIMEOUT);

  it('gives public form posts, author routes and staff routes their own limits, and the rest the stage default', () => {
    const [stageId, stage] = Object.entries(resourcesOfType(s.template, 'AWS::ApiGatewayV2::Stage'))[0]!;
    const props = stage.Properties as Props;
    expect(props.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: THROTTLES.default.rateLimit, ThrottlingBurstLimit: THROTTLES.default.burstLimit });
    const settings = props.RouteSettings as Record<string, Props>;
    const limits = (c: keyof typeof THROTTLES) => ({ ThrottlingRateLimit: THROTTLES[c].rateLimit, ThrottlingBurstLimit: THROTTLES[c].burstLimit });
    for (const route of routeList) {
      const cls = throttleClass(route);
      if (cls === 'default') expect(settings[key(route)], key(route)).toBeUndefined();
      else expect(settings[key(route)], key(route)).toEqual(limits(cls));
    }
    // The examples, spelled out.
    expect(settings['POST /meetings/{meetingId}/questions']).toEqual(limits('public-form'));
    expect(settings['POST /questions/{questionId}/forget/{key}']).toEqual(limits('public-form'));
    expect(settings['POST /papers/{requestId}/{key}']).toEqual(limits('author'));
    expect(settings['GET /staff']).toEqual(limits('staff'));
    expect(settings['POST /api/meetings']).toEqual(limits('staff'));
    expect(settings['GET /']).toBeUndefined();
    expect(THROTTLES['public-form'].rateLimit).toBeLessThan(THROTTLES.staff.rateLimit);
    // Every setting names a route the API has, and the stage is made after the stacks that make them.
    const routeKeys = new Set(Object.values(resourcesOfType(s.merged, 'AWS::ApiGatewayV2::Route')).map((r) => r.Properties!.RouteKey));
    for (const k of Object.keys(settings)) expect(routeKeys.has(k), k).toBe(true);
    const dependsOn = [(s.template.toJSON() as { Resources: Record<string, { DependsOn?: string[] }> }).Resources[stageId]!.DependsOn].flat();
    const nestedIds = Object.keys(resourcesOfType(s.template, 'AWS::CloudFormation::Stack'));
    expect(nestedIds.length).toBeGreaterThan(0);
    for (const id of nestedIds) expect(dependsOn, id).toContain(id);
  });

  it('sets no route settings for routes a stack does not have', () => {
    const { template } = synthesize({ routes: routeList.filter((r) => r.name === 'show-home') });
    const [stage] = Object.values(resourcesOfType(template, 'AWS::ApiGatewayV2::Stage'));
    expect(stage!.Properties!.RouteSettings).toBeUndefined();
    const one = routeList.filter((r) => r.name === 'submit-question');
    const withForm = synthesize({ routes: one });
    const [formStage] = Object.values(resourcesOfType(withForm.template, 'AWS::ApiGatewayV2::Stage'));
    expect(Object.keys(formStage!.Properties!.RouteSettings as Props)).toEqual([key(one[0]!)]);
  }, SYNTH_TIMEOUT);
});
