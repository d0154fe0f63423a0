/**
 * One Lambda function for one route of the route table, with every default in one place: Node.js
 * on arm64, an explicit log group with retention, a source map beside the bundle (not enabled), ESM bundling with esbuild (no
 * Docker), and either a role of its own that starts with nothing but writing to its log group (then
 * granted only what it needs: `bindTable`, `bindMail`, `bindBucket`), or the role of its route's
 * grant set (infra/constructs/route-roles.ts), which holds exactly those grants already.
 */
import * as path from 'node:path';
import { CfnElement, Duration, RemovalPolicy, Stack, Tags, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IEmailIdentity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { COMPILED_VIEWS } from '../../shared/views/render.js';
import { COMPILED_STYLES } from '../../shared/http/assets.js';
import { writeRouteTable } from './route-table.js';

/** The parts of a route-table entry this construct needs. */
export interface RouteFunctionRoute {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly kind: 'api' | 'page' | 'asset';
  readonly summary: string;
  /** Sends email: the email templates are Nunjucks views too. */
  readonly mail?: boolean;
}

export interface RouteFunctionProps {
  readonly route: RouteFunctionRoute;
  /** The repository root: `functions/<name>.ts`, `shared/views` and `node_modules` live under it. */
  readonly projectRoot: string;
  readonly environment?: Record<string, string>;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /**
   * A log group shared with other functions of the same kind (Lambda lets several functions log to
   * one group; each entry names its function). Without it the function gets a group of its own.
   * Sharing keeps the stack well under CloudFormation's 500 resources as routes grow.
   */
  readonly logGroup?: LogGroup;
  /**
   * A role shared by the functions with the same grants (RouteRoles), which may already write to
   * `logGroup`. Without it the function gets a role of its own that may write to its log group.
   */
  readonly role?: Role;
  /** @default 10 seconds (a route answers a person waiting; jobs set their own, shared/jobs.ts) */
  readonly timeout?: Duration;
  /** @default 512 MB */
  readonly memorySize?: number;
}

/** A log group for functions to share, with the same retention and removal policy as their own. */
export function sharedLogGroup(scope: Construct, id: string, retention = RetentionDays.ONE_MONTH) {
  return new LogGroup(scope, id, { retention, removalPolicy: RemovalPolicy.RETAIN });
}

/** `create-meeting` → `CreateMeeting`: construct ids, stable as long as route and job names are. */
export function pascalCase(name: string): string {
  return name
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/** The tag that marks a function as a route handler (CDK's own helper functions don't carry it). */
export const ROUTE_TAG = 'scrutiny:route';

/** Newest Node.js runtime in aws-cdk-lib 2.276 (cdk-nag's AwsSolutions-L1 wants the newest). */
export const LAMBDA_RUNTIME = Runtime.NODEJS_24_X;

/** Submitted paper files live under this prefix of the papers bucket (shared/domain/papers.ts `uploadKey`). */
export const PAPERS_PREFIX = 'papers/';
/**
 * Authors' uploads land under this prefix (shared/app/papers.ts `stagedUploadKey`) until submitted,
 * when the file is copied to its paper's key under PAPERS_PREFIX; a lifecycle rule removes what is left here.
 */
export const UPLOADS_PREFIX = 'uploads/';

/**
 * A route function's timeout and memory. The SDK clients' timeouts (shared/aws/clients.ts) are
 * shorter than this timeout, so a hung dependency is an error the function reports, not a kill.
 */
export const ROUTE_TIMEOUT_SECONDS = 10;
export const ROUTE_MEMORY_MB = 512;

/**
 * How every function is bundled (routes here, jobs in infra/constructs/jobs.ts): the one source of
 * these options, which the bench (bench/cold-start.ts) turns into esbuild's with `esbuildOptions`,
 * so that what it measures is what CDK deploys.
 */
export const BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node22',
  minify: true,
  // The map is deployed beside the bundle but not enabled (RUNTIME_ENVIRONMENT): enabling it
  // (NODE_OPTIONS=--enable-source-maps) cost each cold start about 30 ms of CPU, close to a tenth of
  // a function's load, measured by the bench (README, "Source maps"). Without the sources in it,
  // which are the repository's at the deployed commit, it is a third of the size.
  sourceMap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  // The SDK is in the runtime; nunjucks only requires chokidar/fsevents when watching files.
  externalModules: ['@aws-sdk/*', 'chokidar', 'fsevents'],
  // ESM bundles of CommonJS dependencies (nunjucks) still call `require`.
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
} as const satisfies BundlingOptions;

/**
 * The environment every function is deployed with, besides its settings: no NODE_OPTIONS, so no
 * `--enable-source-maps` (see BUNDLING). To read one function's stack traces in source terms, set
 * NODE_OPTIONS=--enable-source-maps on it while investigating: its map is already beside it.
 */
export const RUNTIME_ENVIRONMENT: Record<string, string> = {};

/**
 * The esbuild options CDK's NodejsFunction passes for these bundling options (aws-lambda-nodejs
 * `buildEsbuildArgs`: `--bundle --platform=node --target --format --minify --sourcemap
 * --external:... --banner:js --main-fields`, sources kept in the map), for a tool that builds a
 * function as CDK does. `bundling` as CDK would be given it; entry, outdir and tsconfig are the caller's.
 */
export function esbuildOptions(bundling: Pick<BundlingOptions, keyof typeof BUNDLING> = BUNDLING): BuildOptions {
  return {
    bundle: true,
    platform: 'node',
    target: bundling.target,
    format: bundling.format,
    minify: bundling.minify,
    // `--sourcemap` with no value: a linked map, index.mjs.map beside the bundle.
    sourcemap: bundling.sourceMap ? 'linked' : false,
    sourcesContent: bundling.sourcesContent ?? true,
    external: [...(bundling.externalModules ?? [])],
    banner: bundling.banner ? { js: bundling.banner } : undefined,
    mainFields: bundling.mainFields ? [...bundling.mainFields] : undefined,
  };
}

/** Where the bundle lands inside the Lambda sandbox. */
const TASK_ROOT = '/var/task';

/**
 * DynamoDB actions per access level. Spelled out rather than `grantReadData`, which also grants
 * Scan and the stream actions (GetRecords, GetShardIterator) that no handler uses.
 * TransactWriteItems needs the per-item actions below plus ConditionCheckItem for its checks.
 */
const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];

export class RouteFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  readonly route: RouteFunctionRoute;

  constructor(scope: Construct, id: string, props: RouteFunctionProps) {
    super(scope, id);
    const { route, projectRoot } = props;
    this.route = route;

    // Kept when the stack is deleted, like the table and the bucket: logs outlive a teardown.
    this.logGroup = props.logGroup ?? sharedLogGroup(this, 'Logs', props.logRetention);

    // Our own role instead of the default one, which would attach the AWS managed
    // AWSLambdaBasicExecutionRole (logs on every log group in the account, AwsSolutions-IAM4).
    if (props.role) {
      this.role = props.role;
    } else {
      this.role = lambdaRole(this, 'Role', `Runs ${route.method} ${route.path}`);
      this.logGroup.grantWrite(this.role);
    }

    const environment: Record<string, string> = {
      ...RUNTIME_ENVIRONMENT,
      ...props.environment,
    };
    if (needsViews(route)) environment.VIEWS_DIR = `${TASK_ROOT}/views`;
    if (route.kind === 'asset') environment.ASSETS_DIR = `${TASK_ROOT}/assets`;

    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(projectRoot, 'functions', `${route.name}.ts`),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
      description: `${route.method} ${route.path}: ${route.summary}`.slice(0, 256),
      runtime: LAMBDA_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? ROUTE_MEMORY_MB,
      timeout: props.timeout ?? Duration.seconds(ROUTE_TIMEOUT_SECONDS),
      role: this.role,
      logGroup: this.logGroup,
      environment,
      bundling: {
        forceDockerBundling: false,
        ...BUNDLING,
        mainFields: [...BUNDLING.mainFields],
        externalModules: [...BUNDLING.externalModules],
        // `#route-table` is this route's entry alone (infra/constructs/route-table.ts).
        tsconfig: writeRouteTable(projectRoot, route.name),
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir, outputDir) => filesBesideBundle(route, inputDir, outputDir),
        },
      },
    });
    Tags.of(this.function).add(ROUTE_TAG, route.name);
  }

  /** Table access for this function (`grantTable`). */
  bindTable(table: ITable, access: 'read' | 'write', indexNames: readonly string[] = []) {
    grantTable(this.role, table, access, indexNames);
  }

  /** ses:SendEmail and ses:SendRawEmail on this identity only. */
  bindMail(identity: IEmailIdentity) {
    identity.grantSendEmail(this.role);
  }

  /** Papers bucket access for this function (`grantBucket`). */
  bindBucket(bucket: IBucket, access: 'read' | 'write') {
    grantBucket(this.role, bucket, access, `${this.route.method} ${this.route.path}`);
  }
}

/** A role Lambda can assume, with no policy yet (no AWS managed policy either). */
export function lambdaRole(scope: Construct, id: string, description: string): Role {
  return new Role(scope, id, { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), description });
}

/**
 * Table access: `read` is GetItem, BatchGetItem and Query (Query also on the named indexes);
 * `write` adds the item writes. Index ARNs are listed by name, not `index/*`.
 */
export function grantTable(role: Role, table: ITable, access: 'read' | 'write', indexNames: readonly string[] = []) {
  const actions = access === 'write' ? [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS] : TABLE_READ_ACTIONS;
  role.addToPrincipalPolicy(new PolicyStatement({ actions, resources: [table.tableArn] }));
  if (indexNames.length > 0) {
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: indexNames.map((name) => `${table.tableArn}/index/${name}`),
      }),
    );
  }
  if (table.encryptionKey) {
    if (access === 'write') table.encryptionKey.grantEncryptDecrypt(role);
    else table.encryptionKey.grantDecrypt(role);
  }
}

/**
 * Papers bucket access (no listing): `read` is GetObject (of a pinned version too) under `papers/`;
 * `write` adds PutObject (which signs the author's presigned upload to `uploads/`, and copies it to
 * `papers/` on submit) and DeleteObject (of a refused upload, that exact version included), under
 * both prefixes. The object wildcards are inherent to object-level grants and are acknowledged here,
 * where they are made; `who` names the functions that run with the role, for the reason.
 */
export function grantBucket(role: Role, bucket: IBucket, access: 'read' | 'write', who: string) {
  const read = ['s3:GetObject', 's3:GetObjectVersion'];
  const actions = access === 'write' ? [...read, 's3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion'] : read;
  const prefixes = access === 'write' ? [PAPERS_PREFIX, UPLOADS_PREFIX] : [PAPERS_PREFIX];
  role.addToPrincipalPolicy(new PolicyStatement({ actions, resources: prefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`)) }));
  if (bucket.encryptionKey) {
    if (access === 'write') bucket.encryptionKey.grantEncryptDecrypt(role);
    else bucket.encryptionKey.grantDecrypt(role);
  }
  const cfnBucket = bucket.node.defaultChild;
  if (CfnElement.isCfnElement(cfnBucket)) {
    const bucketArn = `<${Stack.of(bucket).getLogicalId(cfnBucket)}.Arn>`;
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${bucketArn}/${PAPERS_PREFIX}*]`,
      reason: `Papers are stored under keys made at upload time (${PAPERS_PREFIX}<meeting>/<request>/<upload>); ${who} may only ${
        access === 'write' ? 'get, put (the copy made on submit) and delete' : 'get'
      } objects under that prefix of this one bucket, never list the bucket.`,
    });
    if (access === 'write') {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${bucketArn}/${UPLOADS_PREFIX}*]`,
        reason: `Authors upload to keys made for each upload form (${UPLOADS_PREFIX}<meeting>/<request>/<upload>); ${who} may only sign that upload, read it to check it, and delete a refused one, under that prefix of this one bucket, never list the bucket.`,
      });
    }
  }
}

/** Pages render Nunjucks views; so do functions that send email (shared/views/email). */
const needsViews = (route: RouteFunctionRoute) => route.kind === 'page' || route.mail === true;

/**
 * Shell commands (run by bash after esbuild) that put templates and static files next to the
 * bundle. Copying is done by `node -e` with fs.cpSync so it behaves the same on Linux and macOS.
 */
export function filesBesideBundle(route: RouteFunctionRoute, inputDir: string, outputDir: string): string[] {
  const govuk = path.join(inputDir, 'node_modules', 'govuk-frontend', 'dist', 'govuk');
  const ourViews = path.join(inputDir, 'shared', 'views');
  if (needsViews(route)) {
    return [
      // Our templates and GOV.UK Frontend's, compiled to JavaScript (infra/tools/precompile-views.ts,
      // run by infra/app.ts before synth): no template sources, Sass or fonts.
      copyCommand({ src: path.join(inputDir, COMPILED_VIEWS), dst: path.join(outputDir, 'views'), ext: '.njk.js' }),
    ];
  }
  if (route.kind === 'asset') {
    const assets = path.join(outputDir, 'assets');
    return [
      // GOV.UK Frontend's script only: not its fonts (GDS Transport) or images (the crown and arms).
      copyCommand({ src: path.join(govuk, 'govuk-frontend.min.js'), dst: path.join(assets, 'govuk-frontend.min.js') }),
      // Our stylesheet, compiled by infra/tools/build-styles.ts (run by infra/app.ts before synth),
      copyCommand({ src: path.join(inputDir, COMPILED_STYLES, 'app.css'), dst: path.join(assets, 'app', 'app.css') }),
      // and our own scripts and icon.
      copyCommand({ src: path.join(ourViews, 'assets'), dst: path.join(assets, 'app') }),
    ];
  }
  return [];
}

interface CopySpec {
  src: string;
  dst: string;
  /** Copy only files ending with this (and the folders that hold them). */
  ext?: string;
  /** Do nothing if `src` does not exist (otherwise the bundling fails, naming the path). */
  optional?: boolean;
}

const COPY_SCRIPT = [
  'const fs = require("fs"), path = require("path");',
  'const o = JSON.parse(process.argv[1]);',
  'if (!fs.existsSync(o.src)) { if (o.optional) process.exit(0); console.error("missing " + o.src); process.exit(1); }',
  'const dir = fs.statSync(o.src).isDirectory();',
  'fs.mkdirSync(dir ? o.dst : path.dirname(o.dst), { recursive: true });',
  'fs.cpSync(o.src, o.dst, { recursive: true, filter: (s) => {',
  '  if (fs.statSync(s).isDirectory()) return true;',
  '  return !o.ext || s.endsWith(o.ext);',
  '} });',
  // cpSync makes every folder even when the filters skip all it holds: drop the ones left empty.
  'const prune = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) prune(path.join(d, e.name));',
  '  if (d !== o.dst && fs.readdirSync(d).length === 0) fs.rmdirSync(d); };',
  'if (dir) prune(o.dst);',
].join('\n');

function copyCommand(spec: CopySpec): string {
  return `node -e ${shellQuote(COPY_SCRIPT)} ${shellQuote(JSON.stringify(spec))}`;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
