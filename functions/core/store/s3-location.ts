/** A bucket and key prefix, as `s3://bucket/prefix` names them. */
export interface S3Location {
  readonly bucket: string;
  /** Without leading or trailing `/`; empty for the whole bucket. */
  readonly prefix: string;
}

/** Splits `s3://bucket[/prefix]`; throws for anything else. */
export function parseS3Location(location: string): S3Location {
  const match = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(location);
  if (!match) throw new Error(`${location} is not an s3://bucket/prefix location`);
  return { bucket: match[1]!, prefix: (match[2] ?? '').replace(/^\/+|\/+$/g, '') };
}

/** The full S3 key of a store key: `prefix/key`. */
export function fullKey(location: S3Location, key: string): string {
  return location.prefix ? `${location.prefix}/${key}` : key;
}

/**
 * The store key of an object an event names, or undefined when the object is not inside the
 * location (another bucket, or outside the prefix): such an event is not ours to act on.
 */
export function storeKeyOf(location: S3Location, bucket: string, key: string): string | undefined {
  if (bucket !== location.bucket) return undefined;
  if (!location.prefix) return key;
  const start = `${location.prefix}/`;
  return key.startsWith(start) && key.length > start.length ? key.slice(start.length) : undefined;
}
