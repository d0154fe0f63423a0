/**
 * The papers bucket: presigned uploads (an HTML form posts the file straight to S3, so a function
 * never carries it), reading a few bytes to check what was uploaded, deleting a refused file, and
 * short-lived download links. One client per process; locally the S3 emulator (path-style, its
 * fixed access key). The S3 packages are imported on first use, so functions that import this
 * module but never touch a paper do not load them at cold start (see shared/aws/clients.ts).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { config, required } from '../config.js';
import { httpTimeouts } from './timeouts.js';

/** s3rver accepts only this access key (and does not check signatures). */
const emulatorCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

let s3: S3Client | undefined;

/**
 * S3 calls read a few bytes of an upload, delete one, and copy a submitted file (up to 20 MB, inside
 * S3) to its paper's key: 3 s each (a 20 MB copy inside S3 takes well under a second), 2 attempts, so even a hung S3 ends inside a route's 10 s with an error.
 */
export const S3_REQUEST_TIMEOUT_MS = 3_000;
export const S3_MAX_ATTEMPTS = 2;

const sdk = () => import('@aws-sdk/client-s3');

export async function s3Client(): Promise<S3Client> {
  if (!s3) {
    const { S3_ENDPOINT, AWS_REGION } = config();
    const { S3Client } = await sdk();
    s3 ??= new S3Client({
      region: AWS_REGION,
      requestHandler: httpTimeouts(S3_REQUEST_TIMEOUT_MS),
      maxAttempts: S3_MAX_ATTEMPTS,
      // Without these, presigned URLs carry a checksum of an empty body.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(S3_ENDPOINT ? { endpoint: S3_ENDPOINT, forcePathStyle: true, credentials: emulatorCredentials } : {}),
    });
  }
  return s3;
}

const bucket = () => required('PAPERS_BUCKET');

export interface UploadForm {
  /** Where the form posts (the bucket's endpoint). */
  url: string;
  /** Hidden fields, in order; the file field must come after them. */
  fields: Record<string, string>;
}

/**
 * A presigned POST for exactly one key: at most `maxBytes`, usable for `expires` seconds, and S3
 * sends the browser back to `redirect` (with `bucket`, `key` and `etag` added to its query).
 */
export async function presignUpload(args: { key: string; redirect: string; maxBytes: number; expires: number }): Promise<UploadForm> {
  const { createPresignedPost } = await import('@aws-sdk/s3-presigned-post');
  const { url, fields } = await createPresignedPost(await s3Client(), {
    Bucket: bucket(),
    Key: args.key,
    Conditions: [['content-length-range', 1, args.maxBytes]],
    Fields: { success_action_redirect: args.redirect },
    Expires: args.expires,
  });
  return { url, fields };
}

export interface StoredObject {
  size: number;
  /** Set where the bucket is versioned (AWS); the emulator has none. */
  versionId?: string;
}

const isMissing = (error: unknown) => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  // Without s3:ListBucket, S3 answers 403 rather than 404 for a key that does not exist.
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404 || e?.$metadata?.httpStatusCode === 403;
};

/** Size and version of an object, or undefined when nothing was uploaded under the key. */
export async function headObject(key: string): Promise<StoredObject | undefined> {
  try {
    const { HeadObjectCommand } = await sdk();
    const out = await (await s3Client()).send(new HeadObjectCommand({ Bucket: bucket(), Key: key }));
    return { size: out.ContentLength ?? 0, ...(out.VersionId && out.VersionId !== 'null' ? { versionId: out.VersionId } : {}) };
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** Bytes `start` to `end` (inclusive) of an object (of that exact version when given). */
export async function readRange(key: string, start: number, end: number, versionId?: string): Promise<Uint8Array> {
  const { GetObjectCommand } = await sdk();
  const out = await (await s3Client()).send(
    new GetObjectCommand({ Bucket: bucket(), Key: key, Range: `bytes=${start}-${end}`, ...(versionId ? { VersionId: versionId } : {}) }),
  );
  return out.Body ? out.Body.transformToByteArray() : new Uint8Array();
}

/** Removes a refused upload (that exact version where the bucket is versioned, so nothing of it is kept). */
export async function deleteObject(key: string, versionId?: string): Promise<void> {
  const { DeleteObjectCommand } = await sdk();
  await (await s3Client()).send(new DeleteObjectCommand({ Bucket: bucket(), Key: key, ...(versionId ? { VersionId: versionId } : {}) }));
}

/**
 * Copies an object (that exact version where given) to another key of the bucket; answers the
 * copy's version (where the bucket is versioned). One call: S3 copies up to 5 GB without a multipart copy.
 */
export async function copyObject(from: { key: string; versionId?: string }, to: string): Promise<{ versionId?: string }> {
  const { CopyObjectCommand } = await sdk();
  const source = `${bucket()}/${from.key.split('/').map(encodeURIComponent).join('/')}${from.versionId ? `?versionId=${encodeURIComponent(from.versionId)}` : ''}`;
  const out = await (await s3Client()).send(new CopyObjectCommand({ Bucket: bucket(), Key: to, CopySource: source }));
  return out.VersionId && out.VersionId !== 'null' ? { versionId: out.VersionId } : {};
}

/** A short-lived link that downloads the object under a file name of our choosing. */
export async function presignDownload(args: { key: string; versionId?: string; fileName: string; contentType: string; expires: number }): Promise<string> {
  const ascii = args.fileName.replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '');
  const [{ GetObjectCommand }, { getSignedUrl }] = await Promise.all([sdk(), import('@aws-sdk/s3-request-presigner')]);
  return getSignedUrl(
    await s3Client(),
    new GetObjectCommand({
      Bucket: bucket(),
      Key: args.key,
      ...(args.versionId ? { VersionId: args.versionId } : {}),
      ResponseContentType: args.contentType,
      ResponseContentDisposition: `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(args.fileName)}`,
    }),
    { expiresIn: args.expires },
  );
}
