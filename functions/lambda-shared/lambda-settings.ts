import { ENV, readSettings, SettingError, type Settings } from '../core/config.js';

/** The presigned-URL lifetime may never exceed this (SPEC 8: short-lived). */
import { MAX_DOWNLOAD_URL_SECONDS } from '../core/reports/report-downloads.js';

export { MAX_DOWNLOAD_URL_SECONDS };

const DEFAULT_DOWNLOAD_URL_SECONDS = 300;

/** The core's settings plus what only the Lambdas read; CDK writes all of them. */
export interface LambdaSettings {
  readonly core: Settings;
  /** `s3://bucket/prefix` where deliveries arrive. */
  readonly landing: string | undefined;
  /** Where reports are published: a folder or `s3://bucket/prefix`. */
  readonly reports: string | undefined;
  readonly engine: 'duckdb' | 'athena';
  readonly downloadUrlSeconds: number;
  /** Running in AWS Lambda (which sets AWS_LAMBDA_FUNCTION_NAME), not in a test or a shell. */
  readonly inLambda: boolean;
}

/**
 * Reads the Lambda settings from the environment, failing fast with the setting's name.
 * @throws SettingError for a value present but unusable.
 */
export function readLambdaSettings(env: NodeJS.ProcessEnv = process.env): LambdaSettings {
  const text = (name: string) => (env[name] === '' ? undefined : env[name]);
  const engine = text(ENV.engine) ?? 'duckdb';
  if (engine !== 'duckdb' && engine !== 'athena') {
    throw new SettingError(ENV.engine, engine, 'duckdb or athena');
  }
  const secondsText = text(ENV.downloadUrlSeconds);
  const seconds = secondsText === undefined ? DEFAULT_DOWNLOAD_URL_SECONDS : Number(secondsText);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_DOWNLOAD_URL_SECONDS) {
    throw new SettingError(
      ENV.downloadUrlSeconds,
      secondsText ?? '',
      `whole seconds from 1 to ${MAX_DOWNLOAD_URL_SECONDS}`,
    );
  }
  return {
    core: readSettings({}, env),
    landing: text(ENV.landing),
    reports: text(ENV.reports),
    engine,
    downloadUrlSeconds: seconds,
    inLambda: text('AWS_LAMBDA_FUNCTION_NAME') !== undefined,
  };
}

/** A setting the calling function cannot work without. */
export function required(value: string | undefined, name: string): string {
  if (value === undefined)
    throw new Error(`setting ${name} is not set: the deployment must set it`);
  return value;
}
