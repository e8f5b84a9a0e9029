/** A bucket and a key (or key prefix), from `s3://bucket/key`. */
export interface S3Location {
  bucket: string;
  key: string;
}

/** Splits an S3 URI the config schema has accepted; the key has no leading slash and may be empty. */
export function parseS3Uri(uri: string): S3Location {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!match) throw new Error(`not an S3 URI: ${uri}`);
  return { bucket: match[1]!, key: match[2]! };
}

/** `s3://bucket/key`. */
export function s3UriOf(location: S3Location): string {
  return `s3://${location.bucket}/${location.key}`;
}

/** A prefix joined with more path parts, one slash between each. */
export function joinKey(...parts: string[]): string {
  return parts
    .filter((p) => p !== '')
    .map((p, i) => (i === 0 ? p.replace(/\/+$/, '') : p.replace(/^\/+|\/+$/g, '')))
    .join('/');
}
