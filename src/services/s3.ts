import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import type { Logger } from 'pino';
import { clientConfig, type ClientOptions } from '../core/clients.js';
import { translateAwsError } from '../core/aws-errors.js';
import { UsageError } from '../core/errors.js';
import { awsCall, awsCallStrict, hasErrorName } from './call.js';

/** One object of a listing. */
export interface ObjectInfo {
  key: string;
  size: number;
  lastModified?: Date;
}

/** S3 reports a missing object as NoSuchKey (GetObject) or, without ListBucket permission, AccessDenied: only the first means "absent". */
export function isS3NotFound(error: unknown): boolean {
  return hasErrorName(error, 'NoSuchKey', 'NotFound');
}

/** S3 in sagectl's vocabulary: listings that hide pagination, objects read as streams, small documents written. */
export class S3Service {
  constructor(
    private readonly client: S3Client,
    private readonly logger: Logger,
  ) {}

  /**
   * Builds the service with the one client factory. An endpoint override (an emulator, a VPC
   * endpoint by IP) has no bucket subdomains, so requests then name the bucket in the path.
   */
  static create(options: ClientOptions, env: NodeJS.ProcessEnv = process.env): S3Service {
    const override = options.endpointUrl ?? env['AWS_ENDPOINT_URL_S3'] ?? env['AWS_ENDPOINT_URL'];
    return new S3Service(new S3Client({ ...clientConfig(options), forcePathStyle: override !== undefined }), options.logger);
  }

  /** Every object under `prefix` (all pages). */
  async listObjects(bucket: string, prefix: string): Promise<ObjectInfo[]> {
    const found: ObjectInfo[] = [];
    try {
      for await (const page of paginateListObjectsV2({ client: this.client }, { Bucket: bucket, Prefix: prefix })) {
        for (const o of page.Contents ?? []) {
          if (o.Key !== undefined) found.push({ key: o.Key, size: o.Size ?? 0, ...(o.LastModified ? { lastModified: o.LastModified } : {}) });
        }
      }
    } catch (error) {
      throw translateAwsError('ListObjectsV2', error);
    }
    return found;
  }

  /** The next path parts under `prefix` (`prefix` ends with `/`): the "folders" one level down, without the prefix. */
  async listFolders(bucket: string, prefix: string): Promise<string[]> {
    const folders: string[] = [];
    let token: string | undefined;
    // A bounded loop: each page holds up to 1,000 folders, and a capture prefix has one per variant.
    for (let page = 0; page < 100; page++) {
      const out = await awsCallStrict(this.logger, 'ListObjectsV2', () =>
        this.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: '/', ...(token ? { ContinuationToken: token } : {}) })),
      );
      for (const p of out.CommonPrefixes ?? []) if (p.Prefix) folders.push(p.Prefix.slice(prefix.length).replace(/\/$/, ''));
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
      if (!token) break;
    }
    return folders;
  }

  /** An object's bytes as a stream. */
  async read(bucket: string, key: string): Promise<AsyncIterable<Uint8Array>> {
    const out = await awsCallStrict(this.logger, 'GetObject', () => this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key })));
    if (!out.Body) return (async function* () {})();
    return out.Body as AsyncIterable<Uint8Array>;
  }

  /** A small object as text, at most `maxBytes`; undefined when there is no such object. */
  async readText(bucket: string, key: string, maxBytes: number): Promise<string | undefined> {
    const out = await awsCall(this.logger, 'GetObject', () => this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key })), isS3NotFound);
    if (!out?.Body) return undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of out.Body as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > maxBytes) throw new UsageError(`s3://${bucket}/${key} is larger than ${maxBytes} bytes`);
      chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  /** Writes a small document. */
  async write(bucket: string, key: string, body: string, contentType: string): Promise<void> {
    await awsCallStrict(this.logger, 'PutObject', () =>
      this.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType })),
    );
    this.logger.debug(`wrote s3://${bucket}/${key}`);
  }
}
