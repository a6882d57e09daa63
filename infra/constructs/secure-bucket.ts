import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { secureBucketProps } from '../defaults/bucket-defaults.js';
import { secureKeyProps } from '../defaults/key-defaults.js';

/** One panelpack bucket. */
export interface SecureBucketProps {
  /** What the bucket holds, for the key's description. */
  readonly purpose: string;
  /**
   * Encrypt with a key of its own (true, the default) or with SSE-S3 (false: only the
   * access-log bucket, because S3 server access logging cannot deliver to SSE-KMS buckets).
   */
  readonly ownKey?: boolean;
  /** The access-log bucket; omitted only for that bucket itself. */
  readonly accessLogs?: s3.IBucket;
  /** Lifecycle rules for the bucket's content, beside the common version and upload clean-up. */
  readonly lifecycleRules?: readonly s3.LifecycleRule[];
  /** Days old object versions are kept. Default 90. */
  readonly noncurrentVersionDays?: number;
}

/**
 * A bucket with the secure defaults of `secureBucketProps` and, unless told otherwise, its own
 * rotating KMS key, so a grant on one bucket's data never opens another's.
 */
export class SecureBucket extends Construct {
  readonly bucket: s3.Bucket;
  /** The bucket's key; undefined for an SSE-S3 bucket. */
  readonly key: kms.Key | undefined;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    this.key =
      props.ownKey === false
        ? undefined
        : new kms.Key(this, 'Key', secureKeyProps(`panelpack ${props.purpose}`));
    this.bucket = new s3.Bucket(
      this,
      'Bucket',
      secureBucketProps({
        encryptionKey: this.key,
        serverAccessLogsBucket: props.accessLogs,
        serverAccessLogsPrefix: props.accessLogs ? `${id.toLowerCase()}/` : undefined,
        lifecycleRules: props.lifecycleRules,
        noncurrentVersionDays: props.noncurrentVersionDays,
      }),
    );
  }
}
