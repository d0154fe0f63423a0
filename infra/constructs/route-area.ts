/**
 * The routes of one area (infra/areas.ts: planning, papers, questions, minutes, operations, site)
 * in a nested stack of their own: for each route its function, its integration, API Gateway's
 * permission to invoke it, and the route. Four resources a route, so an area holds about 100 routes
 * before it reaches 80% of CloudFormation's 500 resources a stack (test/unit/infra/stack-size.test.ts).
 *
 * Everything an area uses comes from the parent stack as constructs (the API, the authorizer, the
 * grant-set roles, the log groups, the environment with the table's and pool's names): CDK passes
 * each as a parameter of the nested stack, so no stack exports a value and none blocks another's update.
 */
import { NestedStack, Validations } from 'aws-cdk-lib';
import { type HttpApi, HttpMethod, HttpRoute, HttpRouteKey, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { RouteDef } from '../../shared/routes.js';
import { summaryOf } from '../../shared/route-summaries.js';
import type { Area } from '../areas.js';
import { pascalCase, RouteFunction } from './route-function.js';
import type { RouteRoles } from './route-roles.js';

/** A route-table entry with its name. */
/** A route of the stack; `summary` only for a route outside the table (the table's are in shared/route-summaries.ts). */
export type StackRoute = RouteDef & { readonly name: string; readonly summary?: string };

export interface RouteAreaProps {
  readonly area: Area;
  readonly routes: readonly StackRoute[];
  /** The repository root holding `functions/`, `shared/` and `node_modules/`. */
  readonly projectRoot: string;
  readonly api: HttpApi;
  /** Put on every staff API route, and on no other. */
  readonly staffAuthorizer: IHttpRouteAuthorizer;
  readonly roles: RouteRoles;
  readonly logGroups: Record<StackRoute['kind'], LogGroup>;
  readonly environment: Record<string, string>;
  /** Added for staff routes only (the issuer's key set, AUTH_JWKS: only they verify a token). */
  readonly staffEnvironment?: Record<string, string>;
}

export class RouteArea extends NestedStack {
  readonly area: Area;
  readonly routeFunctions: RouteFunction[] = [];

  constructor(scope: Construct, id: string, props: RouteAreaProps) {
    super(scope, id, { description: `Scrutiny cycle: the ${props.area} routes (functions, integrations and routes)` });
    this.area = props.area;
    for (const route of props.routes) {
      const cid = pascalCase(route.name);
      const fn = new RouteFunction(this, cid, {
        route: { ...route, summary: route.summary ?? summaryOf(route.name) },
        projectRoot: props.projectRoot,
        environment: route.access === 'staff' ? { ...props.environment, ...props.staffEnvironment } : props.environment,
        logGroup: props.logGroups[route.kind],
        role: props.roles.roleFor(route),
      });
      this.routeFunctions.push(fn);

      const staffApi = isStaffApi(route);
      const httpRoute = new HttpRoute(this, `${cid}Route`, {
        httpApi: props.api,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration: new HttpLambdaIntegration(`${cid}Integration`, fn.function),
        authorizer: staffApi ? props.staffAuthorizer : undefined,
      });
      if (!staffApi) {
        Validations.of(httpRoute).acknowledge({ id: 'AwsSolutions-APIG4', reason: whyNoAuthorizer(route) });
      }
    }
  }
}

/** Staff API routes carry the JWT authorizer; every other route is open to API Gateway. */
export const isStaffApi = (route: Pick<RouteDef, 'kind' | 'access'>) => route.kind === 'api' && route.access === 'staff';

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
    return `${where} is a public page (${route.summary ?? summaryOf(route.name)}): it must work before anyone has signed in.`;
  }
  return `${where} is public by design (${route.summary ?? summaryOf(route.name)}); it returns only information that is published anyway.`;
}
