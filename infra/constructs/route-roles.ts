/**
 * One IAM role per grant set of the route table: routes that declare the same grants (kind, whose
 * log group they write; table read or write; mail; papers read or write) run with the same role.
 * Each role holds exactly the grants its routes declare, the ones each function had on a role of
 * its own before, so no function may do more than its route needs; a route table of 68 routes
 * has 13 grant sets, which is 13 roles and 13 policies where one per function made 68 of each.
 * The roles live in the parent stack (beside the table, bucket and log groups they are granted
 * on); the functions in the area stacks receive a role's ARN as a nested-stack parameter.
 */
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { Role } from 'aws-cdk-lib/aws-iam';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { grantBucket, grantTable, lambdaRole, pascalCase } from './route-function.js';

/** What a route may do: the fields of a route-table entry that decide its role. */
export interface GrantSet {
  readonly kind: 'api' | 'page' | 'asset';
  readonly table?: 'read' | 'write';
  readonly papers?: 'read' | 'write';
}

export interface RouteRolesProps {
  readonly table: ITable;
  readonly indexNames: readonly string[];
  readonly papersBucket: IBucket;
  /** The log group each kind of route writes to. */
  readonly logGroups: Record<GrantSet['kind'], LogGroup>;
}

/**
 * `{ kind: 'page', table: 'write' }` → `page-table-write`: a role's name, stable. No route sends
 * email (the outbox's sender does, issue 14), so no route role may.
 */
export function grantSetName(grants: GrantSet): string {
  return [
    grants.kind,
    grants.table ? `table-${grants.table}` : 'no-table',
    ...(grants.papers ? [`papers-${grants.papers}`] : []),
  ].join('-');
}

export class RouteRoles extends Construct {
  private readonly roles = new Map<string, Role>();

  constructor(
    scope: Construct,
    id: string,
    private readonly props: RouteRolesProps,
  ) {
    super(scope, id);
  }

  /** The role of this grant set, made with its grants the first time it is asked for. */
  roleFor(grants: GrantSet): Role {
    const name = grantSetName(grants);
    const existing = this.roles.get(name);
    if (existing) return existing;
    const { table, indexNames, papersBucket, logGroups } = this.props;
    const role = lambdaRole(this, pascalCase(name), `Runs the ${describe(grants)}`.slice(0, 1000));
    logGroups[grants.kind].grantWrite(role);
    if (grants.table) grantTable(role, table, grants.table, indexNames);
    if (grants.papers) grantBucket(role, papersBucket, grants.papers, `every function of the ${describe(grants)}`);
    this.roles.set(name, role);
    return role;
  }

  /** The roles made so far, by grant-set name. */
  get all(): ReadonlyMap<string, Role> {
    return this.roles;
  }
}

/** "page routes that write the table and read papers". */
function describe(grants: GrantSet): string {
  const does = [
    grants.table ? `${grants.table === 'write' ? 'write' : 'read'} the table` : 'do not touch the table',
    ...(grants.papers ? [`${grants.papers} papers`] : []),
  ];
  const list = does.length > 1 ? `${does.slice(0, -1).join(', ')} and ${does[does.length - 1]}` : does[0];
  return `${grants.kind} routes that ${list}`;
}
