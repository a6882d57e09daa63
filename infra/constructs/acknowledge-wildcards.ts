import { Stack, Validations } from 'aws-cdk-lib';
// cdk-nag names an IAM5 finding by the resource flattened with this function; using the same
// one keeps each acknowledgement the exact finding id, never a broader pattern.
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges cdk-nag `AwsSolutions-IAM5` for exactly these wildcard resource ARNs on `scope`
 * (a role or policy), each with `reason`. Only the ARNs given are acknowledged: a wildcard
 * added elsewhere still fails the nag test.
 */
export function acknowledgeWildcardResources(
  scope: IConstruct,
  resources: readonly string[],
  reason: string,
): void {
  const stack = Stack.of(scope);
  for (const resource of resources) {
    const flat = flattenCfnReference(stack.resolve(resource));
    if (!flat.includes('*')) continue;
    Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[Resource::${flat}]`, reason });
  }
}
