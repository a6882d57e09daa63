/** One synthesis of the panelpack app for infra tests: templates only, no bundling. */
import { Template } from 'aws-cdk-lib/assertions';
import { createPanelpackApp } from '../../infra/panelpack-app.js';
import type { PanelpackStack } from '../../infra/stacks/panelpack-stack.js';

/** The deployment the tests describe: Hampshire and the Isle of Wight, a real page origin. */
export const TEST_CONTEXT = {
  'aws:cdk:bundling-stacks': [],
  'panelpack:pageOrigin': 'https://reports.example.gov.uk',
  'panelpack:laCodes': '850,921',
};

export async function synthPanelpack(
  context: Record<string, unknown> = {},
  nag = false,
): Promise<{ stack: PanelpackStack; template: Template }> {
  const { stack } = await createPanelpackApp({ context: { ...TEST_CONTEXT, ...context }, nag });
  return { stack, template: Template.fromStack(stack) };
}

/**
 * A CloudFormation value as one readable string: `Fn::Join` joined, `Ref` as `<Id>`,
 * `Fn::GetAtt` as `<Id.Attr>`, so ARNs and definitions can be compared as text.
 */
export function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const object = value as Record<string, unknown>;
  if ('Fn::Join' in object) {
    const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
    return parts.map(flatten).join(separator);
  }
  if ('Ref' in object) return `<${object.Ref}>`;
  if ('Fn::GetAtt' in object) return `<${(object['Fn::GetAtt'] as string[]).join('.')}>`;
  return JSON.stringify(value);
}

/** The logical id CloudFormation gives a construct's resource. */
export function logicalId(
  stack: PanelpackStack,
  construct: { node: { defaultChild?: unknown } },
): string {
  return stack.getLogicalId(construct.node.defaultChild as never);
}

/** CloudFormation JSON as a template holds it, which has no static type. */
// biome-ignore lint/suspicious/noExplicitAny: template JSON is read field by field in assertions
export type Cfn = any;

/** Every resource of a type, as [logical id, properties]. */
export function resourcesOf(template: Template, type: string): [string, Cfn][] {
  return Object.entries(template.findResources(type)).map(([id, r]) => [id, r.Properties ?? {}]);
}
