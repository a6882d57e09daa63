import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { packageRoot } from '../functions/core/package-root.js';
import { knownLaCodes } from '../functions/core/workspace.js';
import { CONTEXT, readDeploymentSettings } from './deployment-settings.js';
import { PanelpackStack } from './stacks/panelpack-stack.js';

/** Feature flags the stack relies on, set here so `cdk synth` and the tests agree. */
/** CDK's context key listing the stacks whose assets are bundled. */
const BUNDLING_STACKS = 'aws:cdk:bundling-stacks';

export const FEATURE_FLAGS = {
  // Server access logs are delivered under a bucket policy, not an ACL: the log bucket has
  // ACLs disabled (BucketOwnerEnforced).
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  '@aws-cdk/aws-s3:createDefaultLoggingPolicy': true,
} as const;

export interface PanelpackAppOptions {
  /** Extra context (deployment settings, or `aws:cdk:bundling-stacks` in tests). */
  readonly context?: Record<string, unknown>;
  /** Run cdk-nag AwsSolutions at synthesis, failing it on any unacknowledged finding. Default true. */
  readonly nag?: boolean;
  /** Stack name. Default `Panelpack`. */
  readonly stackName?: string;
  readonly outdir?: AppProps['outdir'];
}

/** The CDK app: one {@link PanelpackStack}, configured from context, checked by cdk-nag. */
export async function createPanelpackApp(
  options: PanelpackAppOptions = {},
): Promise<{ app: App; stack: PanelpackStack }> {
  const app = new App({
    context: { ...FEATURE_FLAGS, ...options.context },
    ...(options.outdir ? { outdir: options.outdir } : {}),
  });
  // The CLI refuses `aws:` context keys from users, so `-c panelpack:bundle=false` asks for a
  // templates-only synthesis: function bundling installs DuckDB and Chromium from the npm
  // registry, which an offline `cdk synth` cannot reach. Set before any stack exists.
  if (String(app.node.tryGetContext(CONTEXT.bundle)) === 'false') {
    app.node.setContext(BUNDLING_STACKS, []);
  }
  const settings = readDeploymentSettings(app.node, await knownLaCodes());
  const stack = new PanelpackStack(app, options.stackName ?? 'Panelpack', {
    settings,
    projectRoot: packageRoot(),
    description:
      "panelpack: children's social care extracts to a Parquet warehouse and committee reports",
    terminationProtection: true,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
