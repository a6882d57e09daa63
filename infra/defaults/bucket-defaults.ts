import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';

/** What varies between panelpack's buckets; everything else is fixed and secure. */
export interface BucketDefaultsOptions {
  /** Customer-managed key for SSE-KMS; omitted only for the access-log bucket (see below). */
  readonly encryptionKey?: kms.IKey;
  /** Where S3 server access logs go; omitted only for the access-log bucket itself. */
  readonly serverAccessLogsBucket?: s3.IBucket;
  /** Folder of this bucket's logs in the access-log bucket, e.g. `warehouse/`. */
  readonly serverAccessLogsPrefix?: string;
  /** Lifecycle rules for this bucket's own content, added to the common ones. */
  readonly lifecycleRules?: readonly s3.LifecycleRule[];
  /** Days an overwritten or deleted object version is kept before it expires. Default 90. */
  readonly noncurrentVersionDays?: number;
}

/**
 * Secure props for every panelpack bucket: no public access, TLS 1.2+ only, versioned, ACLs off,
 * retained when the stack is deleted (these buckets hold children's records and published
 * papers), incomplete uploads cleaned up, old versions expired.
 *
 * Without a key the bucket uses SSE-S3: S3 server access logging can only deliver to SSE-S3
 * buckets, so that is the access-log bucket's encryption.
 */
export function secureBucketProps(options: BucketDefaultsOptions = {}): s3.BucketProps {
  const noncurrentDays = options.noncurrentVersionDays ?? 90;
  return {
    encryption: options.encryptionKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
    encryptionKey: options.encryptionKey,
    // One data key per bucket rather than per object: fewer KMS calls, same protection.
    bucketKeyEnabled: options.encryptionKey !== undefined,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    versioned: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: RemovalPolicy.RETAIN,
    serverAccessLogsBucket: options.serverAccessLogsBucket,
    serverAccessLogsPrefix: options.serverAccessLogsPrefix,
    lifecycleRules: [
      {
        id: 'tidy-versions-and-uploads',
        abortIncompleteMultipartUploadAfter: Duration.days(7),
        noncurrentVersionExpiration: Duration.days(noncurrentDays),
        expiredObjectDeleteMarker: true,
      },
      ...(options.lifecycleRules ?? []),
    ],
  };
}
