import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledgeWildcardResources } from './acknowledge-wildcards.js';

/** Which key prefixes of one bucket a principal may read, write or list. */
export interface PrefixAccess {
  /** The bucket; its KMS key, when it has one, is granted to match. */
  readonly bucket: s3.IBucket;
  /** Prefixes (ending in `/`) whose objects may be read. */
  readonly read?: readonly string[];
  /** Prefixes whose objects may be created, replaced and deleted. */
  readonly write?: readonly string[];
  /** Prefixes ListBucket may name. Default: every read and write prefix. */
  readonly list?: readonly string[];
}

/** The object ARNs of each prefix, e.g. `arn:aws:s3:::bucket/warehouse/contacts/*`. */
function objectArns(bucket: s3.IBucket, prefixes: readonly string[]): string[] {
  return prefixes.map((prefix) => {
    if (!prefix.endsWith('/')) throw new Error(`prefix ${prefix} must end with "/"`);
    return bucket.arnForObjects(`${prefix}*`);
  });
}

/**
 * The least-privilege statements for `access`: object actions on the named prefixes only,
 * ListBucket only for keys under them, and the bucket key used only through S3.
 */
export function prefixAccessStatements(access: PrefixAccess): iam.PolicyStatement[] {
  const read = access.read ?? [];
  const write = access.write ?? [];
  const list = access.list ?? [...new Set([...read, ...write])];
  const statements: iam.PolicyStatement[] = [];
  if (read.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: objectArns(access.bucket, read),
      }),
    );
  }
  if (write.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
        resources: objectArns(access.bucket, write),
      }),
    );
  }
  if (list.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [access.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': list.map((prefix) => `${prefix}*`) } },
      }),
    );
  }
  const key = access.bucket.encryptionKey;
  if (key && (read.length > 0 || write.length > 0)) {
    statements.push(
      new iam.PolicyStatement({
        actions: write.length > 0 ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'],
        resources: [key.keyArn],
        conditions: {
          StringEquals: { 'kms:ViaService': `s3.${Stack.of(access.bucket).region}.amazonaws.com` },
        },
      }),
    );
  }
  return statements;
}

/**
 * Adds {@link prefixAccessStatements} to `principal`'s policy and acknowledges the one cdk-nag
 * finding they raise: S3 names the objects under a prefix only with a trailing `*`, so a
 * prefix-scoped grant is the narrowest S3 allows, not a wildcard to remove.
 */
export function grantPrefixAccess(
  principal: iam.Role | iam.ManagedPolicy,
  access: PrefixAccess,
): void {
  const statements = prefixAccessStatements(access);
  for (const statement of statements) {
    if (principal instanceof iam.Role) principal.addToPolicy(statement);
    else principal.addStatements(statement);
  }
  acknowledgeWildcardResources(
    principal,
    objectArns(access.bucket, [...new Set([...(access.read ?? []), ...(access.write ?? [])])]),
    'Objects under one named key prefix of a panelpack bucket: S3 object ARNs can name a prefix only with a trailing *, so this is the narrowest grant S3 allows.',
  );
}
