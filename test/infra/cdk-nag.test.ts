/**
 * cdk-nag AwsSolutions over the whole app finds nothing unacknowledged, and every
 * acknowledgement carries a reason. A small non-compliant stack shows the check is live.
 */
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { createPanelpackApp } from '../../infra/panelpack-app.js';
import { TEST_CONTEXT } from './synth-panelpack.js';

test('the panelpack app has no unacknowledged AwsSolutions findings', async () => {
  const { app } = await createPanelpackApp({ context: TEST_CONTEXT, nag: false });
  app.synth();
  const report = new AwsSolutionsChecks().validateScope(app);
  const findings = report.violations.flatMap((violation) =>
    violation.violatingResources.map((r) => `${violation.ruleName} ${r.locations.join(',')}`),
  );
  expect(findings).toEqual([]);
  expect(report.success).toBe(true);

  // Every acknowledgement says why, in words.
  const acknowledgements = app.node
    .findAll()
    .flatMap((c) => c.node.metadata)
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((m) => Object.entries(m.data as Record<string, string>));
  expect(acknowledgements.length).toBeGreaterThan(0);
  for (const [id, reason] of acknowledgements) {
    expect(id).toMatch(/AwsSolutions-(L1|SQS3|IAM5)/);
    expect(reason.length).toBeGreaterThan(40);
  }
});

test('`cdk synth` runs the same check and fails on a finding nobody acknowledged', async () => {
  const { app } = await createPanelpackApp({ context: TEST_CONTEXT });
  expect(() => app.synth()).not.toThrow();
  const { app: spoilt, stack } = await createPanelpackApp({ context: TEST_CONTEXT });
  new s3.Bucket(stack, 'Unlogged', { enforceSSL: true });
  expect(() => spoilt.synth()).toThrow(/AwsSolutions-S1/);
});

test('the check is live: a non-compliant bucket is reported', () => {
  const app = new App();
  const stack = new Stack(app, 'Bad');
  new s3.Bucket(stack, 'Open');
  app.synth();
  const report = new AwsSolutionsChecks().validateScope(app);
  expect(report.violations.map((v) => v.ruleName)).toEqual(
    expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']),
  );
});
