import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { secureKeyProps } from '../defaults/key-defaults.js';

/** The two audiences panelpack tells things to. */
export interface NotificationsProps {
  /** Subscribed to the operations topic when given. */
  readonly operationsEmail?: string;
}

/**
 * Two encrypted, TLS-only topics: `clerks` (a month's reports are ready; clerks subscribe)
 * and `operations` (alarms and failed runs). Messages carry months and counts only. The key
 * lets CloudWatch publish alarms to the encrypted operations topic.
 */
export class Notifications extends Construct {
  readonly clerks: sns.Topic;
  readonly operations: sns.Topic;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: NotificationsProps = {}) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', secureKeyProps('panelpack notifications'));
    // CloudWatch alarms publish as the service, not as a role, so the key policy must say so.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    this.clerks = new sns.Topic(this, 'Clerks', {
      displayName: 'panelpack: committee reports ready',
      masterKey: this.key,
      enforceSSL: true,
    });
    this.operations = new sns.Topic(this, 'Operations', {
      displayName: 'panelpack: operations alarms',
      masterKey: this.key,
      enforceSSL: true,
    });
    if (props.operationsEmail) {
      this.operations.addSubscription(new subscriptions.EmailSubscription(props.operationsEmail));
    }
  }

  /** Lets `grantee` publish to `topic`: the topic, and its key only for that. */
  grantPublish(topic: sns.ITopic, grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [this.key.keyArn],
      }),
    );
  }
}
