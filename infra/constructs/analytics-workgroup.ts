import { Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Where query results go under the results bucket. */
export const RESULTS_PREFIX = 'results/';

/** The Athena workgroup analysts and the tables step use. */
export interface AnalyticsWorkgroupProps {
  /** Workgroup name, e.g. `panelpack`. */
  readonly name: string;
  /** The bucket for query results. */
  readonly resultsBucket: s3.IBucket;
  /** The results bucket's key: results are encrypted with it whatever the client asks. */
  readonly resultsKey: kms.IKey;
  /** A query scanning more than this many bytes is cancelled. */
  readonly bytesScannedCutoffPerQuery: number;
}

/**
 * An Athena engine v3 workgroup that enforces its own settings over any client's: results
 * only under its results prefix, encrypted with the results key, and a per-query scan limit
 * so a mistaken query over the whole history cannot run up a bill.
 */
export class AnalyticsWorkgroup extends Construct {
  readonly workgroup: athena.CfnWorkGroup;
  readonly name: string;
  /** `arn:aws:athena:<region>:<account>:workgroup/<name>`. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: AnalyticsWorkgroupProps) {
    super(scope, id);
    this.name = props.name;
    this.workgroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: props.name,
      description: 'panelpack: ad-hoc SQL and report-table builds over the warehouse',
      state: 'ENABLED',
      recursiveDeleteOption: false,
      workGroupConfiguration: {
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        requesterPaysEnabled: false,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery,
        resultConfiguration: {
          outputLocation: props.resultsBucket.s3UrlForObject(RESULTS_PREFIX),
          expectedBucketOwner: Stack.of(this).account,
          encryptionConfiguration: {
            encryptionOption: 'SSE_KMS',
            kmsKey: props.resultsKey.keyArn,
          },
        },
      },
    });
    this.arn = Stack.of(this).formatArn({
      service: 'athena',
      resource: 'workgroup',
      resourceName: props.name,
    });
  }
}
