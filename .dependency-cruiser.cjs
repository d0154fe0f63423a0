/**
 * The layers, checked on every `npm test` (dependency-cruiser). From the outside in:
 *   functions/      wiring only: one route or job each, built from shared/http, shared/app, shared/pages
 *   shared/pages    page builders: what a page shows, from use-cases (never the store)
 *   shared/http     the handler, its error contract, CSRF, OpenAPI, assets
 *   shared/app      use-cases: load, call the domain, write once, send email
 *   shared/store    the key design and every DynamoDB access
 *   shared/domain   pure rules: no I/O, no AWS, no HTTP
 *   infra/          CDK and the local runtime; infra/local is the only local-only code
 * Tests and benchmarks may import anything and are not checked.
 */
module.exports = {
  forbidden: [
    {
      name: 'functions-are-wiring',
      comment: 'A function imports only shared/http, shared/app and shared/pages (and packages): its logic lives in shared/.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^(functions|infra|shared/(?!http/|app/|pages/))', pathNot: '^shared/(jobs|routes|config|observability)\\.ts$' },
    },
    {
      name: 'shared-stays-out-of-functions-and-infra',
      comment: 'shared/ is what every bundle is built from; it never reaches into functions/ or infra/.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(functions|infra)/' },
    },
    {
      name: 'pages-use-use-cases',
      comment: 'A page builder reads and writes through shared/app, never the store or AWS clients directly.',
      severity: 'error',
      from: { path: '^shared/pages/' },
      to: { path: '^shared/(store|aws|mail)/' },
    },
    {
      name: 'use-cases-know-no-http',
      comment: 'shared/app is called by API handlers, pages and jobs alike, so it knows nothing of any of them.',
      severity: 'error',
      from: { path: '^shared/(app|store|domain)/' },
      to: { path: '^shared/(http|pages|views)/' },
    },
    {
      name: 'domain-is-pure',
      comment: 'shared/domain holds rules only: it imports other domain modules, schemas and pure packages, never I/O.',
      severity: 'error',
      from: { path: '^shared/domain/' },
      to: { path: '^shared/(?!domain/|schemas/)|@aws-sdk|^node:(fs|http|https|net)' },
    },
    {
      name: 'local-runtime-stays-local',
      comment: 'infra/local (DynamoDB Local, the emulators, demo users) is imported only by itself.',
      severity: 'error',
      from: { pathNot: '^infra/local/' },
      to: { path: '^infra/local/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(test|bench|node_modules|cdk\\.out)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
