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
import { jobList, scheduleExpression } from '../../../shared/jobs.js';
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

  it('builds the table from tableSchema: keys, every GSI with projection ALL, TTL', () => {
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
        Projection: { ProjectionType: 'ALL' },
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
    // The parent holds no route and no route function: only the jobs' functions.
    expect(resourcesOfType(s.template, 'AWS::ApiGatewayV2::Route')).toEqual({});
    expect(Object.keys(resourcesOfType(s.template, 'AWS::Lambda::Function'))).toHaveLength(jobList.length);
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
      MfaConfiguration: 'OPTIONAL',
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
        NODE_OPTIONS: '--enable-source-maps',
        MAIL_FROM: 'Community Outcomes Meeting <no-reply@example.org>',
      });
      for (const localOnly of ['ALLOW_CLOCK_HEADER', 'DYNAMODB_ENDPOINT', 'SES_ENDPOINT', 'S3_ENDPOINT']) {
        expect(env[localOnly], `${name} ${localOnly}`).toBeUndefined();
      }
      // Empty publicBaseUrl in cdk.json: functions derive the base URL from the request.
      expect(env.PUBLIC_BASE_URL, name).toBeUndefined();
      const route = routeList.find((r) => r.name === name)!;
      // Pages render views, and so does anything that sends email (the email templates are views).
      const rendersViews = route.kind === 'page' || route.mail === true;
      expect(env.VIEWS_DIR, name).toBe(rendersViews ? '/var/task/views' : undefined);
      expect(env.ASSETS_DIR, name).toBe(route.kind === 'asset' ? '/var/task/assets' : undefined);
    }
  });

  it('grants each function only what its route needs', () => {
    for (const route of routeList) {
      const actions = actionsOf(route.name);
      expect(actions.includes('ses:SendEmail'), `${route.name} ses:SendEmail`).toBe(route.mail === true);
      expect(actions.includes('dynamodb:Query'), `${route.name} dynamodb:Query`).toBe(route.table !== undefined);
      expect(actions.includes('dynamodb:PutItem'), `${route.name} dynamodb:PutItem`).toBe(route.table === 'write');
      expect(actions.some((a) => a.startsWith('s3:')), `${route.name} s3`).toBe(route.papers !== undefined);
      expect(actions.includes('s3:PutObject'), `${route.name} s3:PutObject`).toBe(route.papers === 'write');
      expect(actions.filter((a) => a.includes('*')), `${route.name} wildcard actions`).toEqual([]);
      // Papers: objects under papers/ of the papers bucket only, never the bucket itself (no listing).
      for (const st of statementsOf(route.name).filter((x) => [x.Action].flat().some((a) => a.startsWith('s3:')))) {
        expect(st.Resource, route.name).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^PapersBucket/), 'Arn'] }, '/papers/*']] });
      }
    }
    expect(routeList.filter((r) => r.papers).map((r) => r.name)).toEqual(
      expect.arrayContaining(['show-paper-page', 'check-paper-upload', 'submit-paper', 'download-paper', 'download-public-paper']),
    );
    // The examples the brief names, spelled out.
    const mailRoute = routeList.find((r) => r.mail)!;
    const sesStatement = statementsOf(mailRoute.name).find((st) => [st.Action].flat().includes('ses:SendEmail'))!;
    expect(JSON.stringify(sesStatement.Resource)).toContain(':identity/');
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
      (ack.id === 'AwsSolutions-COG2' && ack.path === 'ScrutinyCycle/UserPool') ||
      // Routes sit in the nested stack of their area.
      (ack.id === 'AwsSolutions-APIG4' && /^ScrutinyCycle\/[A-Z]\w+Routes\/\w+Route$/.test(ack.path)) ||
      // Object-level grants on the papers/ prefix, on the role of each grant set that declares `papers`.
      (/^AwsSolutions-IAM5\[Resource::<PapersBucket\w+\.Arn>\/papers\/\*\]$/.test(ack.id) && /^ScrutinyCycle\/RouteRoles\/\w+$/.test(ack.path)) ||
      // The scheduled jobs' dead-letter queue needs no dead-letter queue of its own.
      (ack.id === 'AwsSolutions-SQS3' && ack.path === 'ScrutinyCycle/Jobs/DeadLetterQueue');
    expect(acknowledged.filter((ack) => !allowed(ack))).toEqual([]);
    for (const ack of acknowledged) expect(ack.reason.length, `${ack.path} ${ack.id}`).toBeGreaterThan(60);
    // One APIG4 acknowledgement per route without the authorizer, none on staff API routes.
    expect(acknowledged.filter((ack) => ack.id === 'AwsSolutions-APIG4')).toHaveLength(
      routeList.filter((r) => !isStaffApi(r)).length,
    );
    expect(acknowledged.filter((ack) => ack.id.startsWith('AwsSolutions-IAM5'))).toHaveLength(
      new Set(routeList.filter((r) => r.papers).map(grantSetName)).size,
    );
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
    expect(Object.keys(resourcesOfType(merged, 'AWS::Lambda::Function'))).toHaveLength(jobList.length);
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

describe('ScrutinyStack (scheduled jobs from shared/jobs.ts)', () => {
  let s: Synthesized;
  beforeAll(() => {
    // No routes: only what the job table adds (and the stack's fixed resources).
    s = synthesize({ routes: [] });
  }, SYNTH_TIMEOUT);

  const jobFunctions = () =>
    Object.entries(resourcesOfType(s.template, 'AWS::Lambda::Function')).filter(([, fn]) =>
      ((fn.Properties?.Tags ?? []) as { Key: string }[]).some((t) => t.Key === JOB_TAG),
    );

  it('makes one function per job, tagged as a job (not a route), on arm64 and Node.js 22+', () => {
    const fns = jobFunctions();
    expect(fns.map(([, fn]) => ((fn.Properties!.Tags as { Key: string; Value: string }[]).find((t) => t.Key === JOB_TAG))!.Value).sort()).toEqual(
      jobList.map((j) => j.name).sort(),
    );
    for (const [id, fn] of fns) {
      expect((fn.Properties!.Tags as { Key: string }[]).some((t) => t.Key === ROUTE_TAG), id).toBe(false);
      expect(fn.Properties!.Architectures, id).toEqual(['arm64']);
      expect(Number(/^nodejs(\d+)\.x$/.exec(String(fn.Properties!.Runtime))?.[1]), id).toBeGreaterThanOrEqual(22);
      expect((fn.Properties!.Environment as Props).Variables.TABLE_NAME, id).toBeDefined();
    }
  });

  it('schedules each job in Europe/London, invoking an alias with retries and a dead-letter queue', () => {
    const schedules = Object.values(resourcesOfType(s.template, 'AWS::Scheduler::Schedule'));
    expect(schedules).toHaveLength(jobList.length);
    for (const job of jobList) {
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
    expect(scheduleExpression(jobList.find((j) => j.name === 'purge-personal-data')!.schedule)).toBe('cron(15 3 * * ? *)');
    // Reminders: every hour in working hours, London time.
    expect(scheduleExpression(jobList.find((j) => j.name === 'send-reminders')!.schedule)).toBe('cron(0 8-18 ? * MON-FRI *)');
  });

  it('lets the purge job query the expiry index and delete, and the scheduler invoke only the alias', () => {
    const statements = Object.values(resourcesOfType(s.template, 'AWS::IAM::Policy')).flatMap(
      (p) => (p.Properties!.PolicyDocument as { Statement: Statement[] }).Statement,
    );
    const actions = statements.flatMap((st) => [st.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:BatchWriteItem', 'dynamodb:DeleteItem']));
    expect(JSON.stringify(statements)).toContain('/index/gsi2');
    const invoke = statements.filter((st) => [st.Action].flat().includes('lambda:InvokeFunction'));
    expect(invoke).toHaveLength(jobList.length);
    for (const st of invoke) expect(JSON.stringify(st.Resource)).not.toContain(':*');
    const [queue] = Object.values(resourcesOfType(s.template, 'AWS::SQS::Queue'));
    expect(queue!.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
    const queuePolicy = JSON.stringify(resourcesOfType(s.template, 'AWS::SQS::QueuePolicy'));
    expect(queuePolicy).toContain('aws:SecureTransport');
  });
});
