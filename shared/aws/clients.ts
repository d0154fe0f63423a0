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

const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

let ddb: DynamoDBDocumentClient | undefined;
let ses: SESClient | undefined;

export function dynamo(): DynamoDBDocumentClient {
  if (!ddb) {
    const { DYNAMODB_ENDPOINT, AWS_REGION } = config();
    const client = new DynamoDBClient({
      region: AWS_REGION,
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
    ses ??= new SESClient({ region: AWS_REGION, ...(SES_ENDPOINT ? { endpoint: SES_ENDPOINT, credentials: localCredentials } : {}) });
  }
  return ses;
}
