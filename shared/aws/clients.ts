/** AWS clients, made once per process. Endpoints point at the local stand-ins when configured. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
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

export function sesClient(): SESClient {
  if (!ses) {
    const { SES_ENDPOINT, AWS_REGION } = config();
    ses = new SESClient({ region: AWS_REGION, ...(SES_ENDPOINT ? { endpoint: SES_ENDPOINT, credentials: localCredentials } : {}) });
  }
  return ses;
}
