/**
 * The cold-start baseline: a function that only builds a DynamoDB document client and does one
 * GetItem, bundled exactly as the route functions are. Every function's load-and-answer time is
 * compared with this one's.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

export const handler = async () => {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: process.env.AWS_REGION ?? 'eu-west-2', ...(endpoint ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}) }),
  );
  const out = await client.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: 'MEETING#baseline', sk: 'MEETING' } }));
  return { statusCode: 200, body: JSON.stringify(out.Item ?? null) };
};
