import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ENV } from '../../functions/core/config.js';
import { REPORTS_ROOT } from '../../functions/core/reports/report-downloads.js';
import { PanelpackFunction } from './panelpack-function.js';
import { grantPrefixAccess } from './prefix-access.js';

/** Presigned download links live this long: long enough to start a download, no more. */
export const DOWNLOAD_URL_SECONDS = 300;

/** The clerks' reports API. */
export interface ClerksApiProps {
  /** The repository root, for bundling the function. */
  readonly projectRoot: string;
  /** The reports bucket; the renderer writes papers under its `reports/` folder. */
  readonly reportsBucket: s3.IBucket;
  /** The clerks' page: the only origin CORS allows and the sign-in redirect target. */
  readonly pageOrigin: string;
  /** Prefix of the Cognito hosted sign-in domain; default `panelpack-<account>`. */
  readonly authDomainPrefix?: string;
  /** Lifetime of download links in seconds, at most 900. Default {@link DOWNLOAD_URL_SECONDS}. */
  readonly downloadUrlSeconds?: number;
}

/**
 * The clerks' API: a Cognito user pool (administrators invite clerks; MFA required; no
 * self sign-up), an HTTP API whose every route needs a token from that pool, CORS open to the
 * page's origin only, access logs, throttling, and a function that lists the rendered reports
 * and hands out short-lived presigned download links. The function can read the reports
 * prefix and nothing else: no warehouse, no landing.
 */
export class ClerksApi extends Construct {
  readonly userPool: cognito.UserPool;
  readonly pageClient: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  readonly api: apigw.HttpApi;
  readonly handler: PanelpackFunction;
  readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: ClerksApiProps) {
    super(scope, id);
    const seconds = props.downloadUrlSeconds ?? DOWNLOAD_URL_SECONDS;
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > 900) {
      throw new Error(`ClerksApi: downloadUrlSeconds ${seconds} must be 1-900 (15 minutes)`);
    }

    this.userPool = new cognito.UserPool(this, 'Clerks', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const page = `${props.pageOrigin}/`;
    this.pageClient = this.userPool.addClient('Page', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL],
        callbackUrls: [page],
        logoutUrls: [page],
      },
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
    this.domain = this.userPool.addDomain('SignIn', {
      cognitoDomain: {
        domainPrefix: props.authDomainPrefix ?? `panelpack-${Stack.of(this).account}`,
      },
    });

    const reports = `s3://${props.reportsBucket.bucketName}`;
    this.handler = new PanelpackFunction(this, 'ReportsApi', {
      projectRoot: props.projectRoot,
      entry: 'functions/reports-api/handler.ts',
      description: 'panelpack reports API: lists reports, presigns downloads',
      memorySize: 512,
      timeout: Duration.seconds(10),
      environment: {
        [ENV.reports]: reports,
        [ENV.downloadUrlSeconds]: String(seconds),
      },
    });
    grantPrefixAccess(this.handler.role, {
      bucket: props.reportsBucket,
      read: [`${REPORTS_ROOT}/`],
    });

    this.api = new apigw.HttpApi(this, 'Api', {
      description: "panelpack: the clerks' reports API",
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [props.pageOrigin],
        allowMethods: [apigw.CorsHttpMethod.GET],
        allowHeaders: ['authorization'],
        maxAge: Duration.hours(1),
      },
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 20, burstLimit: 40 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            user: '$context.authorizer.claims.sub',
            route: '$context.routeKey',
            status: '$context.status',
            bytes: '$context.responseLength',
            authorizerError: '$context.authorizer.error',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
    const authorizer = new HttpUserPoolAuthorizer('Clerks', this.userPool, {
      userPoolClients: [this.pageClient],
    });
    const integration = new HttpLambdaIntegration('Reports', this.handler.function);
    for (const path of ['/reports', '/reports/{key+}']) {
      this.api.addRoutes({ path, methods: [apigw.HttpMethod.GET], integration, authorizer });
    }

    this.alarms = [
      this.handler.errorsAlarm,
      new cloudwatch.Alarm(this, 'ServerErrors', {
        alarmDescription: 'panelpack reports API: server errors',
        metric: this.api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    ];
  }
}
