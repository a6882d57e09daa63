import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';

/**
 * Secure props for a customer-managed KMS key: yearly automatic rotation, retained with the
 * data it protects (deleting a key makes every object encrypted under it unreadable), and the
 * longest deletion window should someone schedule its deletion by hand.
 */
export function secureKeyProps(description: string): kms.KeyProps {
  return {
    description,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
    pendingWindow: Duration.days(30),
  };
}
