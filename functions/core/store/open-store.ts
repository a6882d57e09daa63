import path from 'node:path';
import { LocalStore } from './local-store.js';
import type { ObjectStore } from './object-store.js';
import { S3Store } from './s3-store.js';

export interface OpenStoreOptions {
  /** An S3-compatible endpoint for `s3://` locations. */
  readonly endpoint?: string;
  /** The AWS region for `s3://` locations. */
  readonly region?: string;
}

// S3 bucket naming rules: 3-63 lower-case letters, digits, dots and hyphens, alphanumeric ends.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Opens the store a `--warehouse` value names: `s3://bucket[/prefix]` gives an {@link S3Store},
 * anything else a {@link LocalStore} on that folder (resolved against the working directory).
 * Throws, naming the value, for a malformed `s3://` location or another URL scheme, rather than
 * quietly creating a folder called `s3:` or `https:`.
 */
export function openStore(location: string, options: OpenStoreOptions = {}): ObjectStore {
  if (typeof location !== 'string' || location.trim() === '') {
    throw new Error('The warehouse location is empty: give a folder or s3://bucket/prefix');
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(location)?.[1];
  if (scheme === undefined) {
    if (/^s3:/i.test(location)) throw badS3(location, 'it must start with s3://');
    return new LocalStore(path.resolve(location));
  }
  if (scheme !== 's3') {
    throw new Error(
      `Unsupported warehouse location "${location}": use a folder path or s3://bucket/prefix`,
    );
  }
  const rest = location.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  const prefix = slash === -1 ? '' : rest.slice(slash + 1).replace(/^\/+|\/+$/g, '');
  if (!BUCKET.test(bucket) || bucket.includes('..')) {
    throw badS3(location, `"${bucket}" is not a valid bucket name`);
  }
  if (/[?#]/.test(prefix) || prefix.split('/').some((s) => s === '.' || s === '..')) {
    throw badS3(location, 'the prefix must not contain "?", "#", "." or ".." segments');
  }
  if (prefix.includes('//')) {
    throw badS3(location, 'the prefix must not contain empty segments ("//")');
  }
  return new S3Store(bucket, prefix, options);
}

function badS3(location: string, reason: string): Error {
  return new Error(
    `Invalid S3 warehouse location "${location}": ${reason} (expected s3://bucket/prefix)`,
  );
}
