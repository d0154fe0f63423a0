/**
 * The staff sign-in issuer's public keys (its JSON Web Key Set), fetched once at deploy time, so
 * that a staff page's cold start verifies the session without an HTTPS round trip to Cognito
 * (issue 15 §5; shared/auth/verify.ts reads them as AUTH_JWKS and fetches the JWKS URL only for a
 * key id they do not hold, after a rotation).
 *
 * A custom resource backed by a tiny function of its own: CloudFormation invokes it on create and
 * update, it GETs the URL and answers with the key set (public keys only) as the attribute `Jwks`.
 * Neither AwsCustomResource (AWS API calls only) nor the Provider framework (two more functions and
 * a state machine's worth of roles) is needed for one GET. Its code is inline: it is not a route or
 * a job, carries no dependency, and so needs no bundle.
 */
import { CustomResource, Duration } from 'aws-cdk-lib';
import { Architecture, Code, Function } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { LAMBDA_RUNTIME, lambdaRole, sharedLogGroup } from './route-function.js';

/**
 * The function's code (CommonJS, Node's own fetch). Whatever happens it answers CloudFormation's
 * pre-signed URL, so a failure fails the deploy with its reason instead of hanging it for an hour.
 * A key set that is not one (no keys) is a failure: functions would then fetch on every cold start.
 */
export const ISSUER_KEYS_SOURCE = `
const PUBLIC = ['kty', 'kid', 'alg', 'use', 'n', 'e', 'crv', 'x', 'y'];
exports.handler = async (event) => {
  const url = event.ResourceProperties.Url;
  let status = 'SUCCESS', reason = 'OK', data = {};
  try {
    if (event.RequestType !== 'Delete') {
      const res = await fetch(url, { signal: AbortSignal.timeout(10000) });
      if (!res.ok) throw new Error('GET ' + url + ' answered ' + res.status);
      const set = await res.json();
      if (!Array.isArray(set.keys) || set.keys.length === 0) throw new Error(url + ' holds no keys');
      const keys = set.keys.map((k) => Object.fromEntries(PUBLIC.filter((p) => k[p] !== undefined).map((p) => [p, k[p]])));
      data = { Jwks: JSON.stringify({ keys }) };
    }
  } catch (error) {
    console.error(error);
    status = 'FAILED';
    reason = String(error && error.message || error).slice(0, 500);
  }
  const body = JSON.stringify({
    Status: status, Reason: reason, PhysicalResourceId: event.PhysicalResourceId || url,
    StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId, Data: data,
  });
  await fetch(event.ResponseURL, { method: 'PUT', body, headers: { 'content-type': '' } });
};
`;

export interface IssuerKeysProps {
  /** The issuer's JWKS URL (Cognito: `<issuer>/.well-known/jwks.json`). */
  readonly jwksUrl: string;
}

export class IssuerKeys extends Construct {
  /** The key set as JSON (`{"keys":[...]}`): a deploy-time value, for a function's AUTH_JWKS. */
  readonly jwks: string;
  readonly function: Function;

  constructor(scope: Construct, id: string, props: IssuerKeysProps) {
    super(scope, id);
    const logGroup = sharedLogGroup(this, 'Logs');
    const role = lambdaRole(this, 'Role', "Fetches the staff sign-in issuer's public keys at deploy time");
    logGroup.grantWrite(role);
    this.function = new Function(this, 'Function', {
      description: "Deploy time: fetches the staff sign-in issuer's public keys (JWKS) for the staff functions' AUTH_JWKS",
      runtime: LAMBDA_RUNTIME,
      architecture: Architecture.ARM_64,
      handler: 'index.handler',
      code: Code.fromInline(ISSUER_KEYS_SOURCE),
      memorySize: 128,
      timeout: Duration.seconds(30),
      role,
      logGroup,
    });
    const resource = new CustomResource(this, 'Resource', {
      serviceToken: this.function.functionArn,
      resourceType: 'Custom::IssuerKeys',
      properties: { Url: props.jwksUrl },
    });
    this.jwks = resource.getAttString('Jwks');
  }
}
