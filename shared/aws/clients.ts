/**
 * AWS clients, made once per process. Endpoints point at the local stand-ins when configured.
 * SES (like S3, shared/aws/s3.ts) is imported when first used: the Lambda runtime's SDK packages
 * are loaded at cold start by every function that imports them, and most functions never send
 * email (`npm run bench` measured the SES client at ~50-100 ms of a cold start).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SESClient } from '@aws-sdk/client-ses';
import { config } from '../config.js';
import { httpTimeouts } from './timeouts.js';

const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * DynamoDB: a call takes milliseconds, so 2 s is already a hung call. 3 attempts (throttling and 5xx
 * are worth retrying; the SDK's own default for DynamoDB is 4 now): at worst 3 × 2 s plus backoff,
 * about 6 s, inside a route's 10 s.
 */
export const DYNAMODB_REQUEST_TIMEOUT_MS = 2_000;
export const DYNAMODB_MAX_ATTEMPTS = 3;
/**
 * SES: one attempt of at most 3 s. A timed-out send may still have been accepted, so the SDK must
 * not send it again on its own: the outbox decides (it records the failure and retries later, once).
 */
export const SES_REQUEST_TIMEOUT_MS = 3_000;
export const SES_MAX_ATTEMPTS = 1;

let ddb: DynamoDBDocumentClient | undefined;
let ses: SESClient | undefined;

export function dynamo(): DynamoDBDocumentClient {
  if (!ddb) {
    const { DYNAMODB_ENDPOINT, AWS_REGION } = config();
    const client = new DynamoDBClient({
      region: AWS_REGION,
      requestHandler: httpTimeouts(DYNAMODB_REQUEST_TIMEOUT_MS),
      maxAttempts: DYNAMODB_MAX_ATTEMPTS,
      ...(DYNAMODB_ENDPOINT ? { endpoint: DYNAMODB_ENDPOINT, credentials: localCredentials } : {}),
    });
    ddb = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }
  return ddb;
}

export async function sesClient(): Promise<SESClient> {
  if (!ses) {
    const { SES_ENDPOINT, AWS_REGION } = config();
    const { SESClient } = await import('@aws-sdk/client-ses');
    ses ??= new SESClient({
      region: AWS_REGION,
      requestHandler: httpTimeouts(SES_REQUEST_TIMEOUT_MS),
      maxAttempts: SES_MAX_ATTEMPTS,
      ...(SES_ENDPOINT ? { endpoint: SES_ENDPOINT, credentials: localCredentials } : {}),
    });
  }
  return ses;
}
