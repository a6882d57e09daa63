import type { Node } from 'constructs';

/** Context keys (`cdk deploy -c panelpack:pageOrigin=https://...` or cdk.json "context"). */
export const CONTEXT = {
  pageOrigin: 'panelpack:pageOrigin',
  laCodes: 'panelpack:laCodes',
  schedule: 'panelpack:schedule',
  tablesEngine: 'panelpack:tablesEngine',
  bytesScannedCutoff: 'panelpack:athenaBytesScannedCutoff',
  landingRetentionDays: 'panelpack:landingRetentionDays',
  glueDatabase: 'panelpack:glueDatabase',
  athenaWorkgroup: 'panelpack:athenaWorkgroup',
  authDomainPrefix: 'panelpack:authDomainPrefix',
  operationsEmail: 'panelpack:operationsEmail',
  /** `false`: synthesise templates without bundling the functions (offline `cdk synth`). */
  bundle: 'panelpack:bundle',
} as const;

/** Everything a deployment may choose; the rest is fixed by the stack. */
export interface DeploymentSettings {
  /** Origin of the clerks' page (`https://host[:port]`, or `http://localhost:port` for trials). */
  readonly pageOrigin: string;
  /** LA codes Athena projects as `la_code` partitions. */
  readonly laCodes: readonly string[];
  /** EventBridge Scheduler cron fields, run in Europe/London: minute hour day month weekday year. */
  readonly scheduleCron: string;
  /** Which engine the tables Lambda builds with. */
  readonly tablesEngine: 'duckdb' | 'athena';
  /** Athena cancels a query that scans more than this. */
  readonly bytesScannedCutoff: number;
  /** Days a delivery stays in landing after upload (the warehouse keeps the data). */
  readonly landingRetentionDays: number;
  readonly glueDatabase: string;
  readonly athenaWorkgroup: string;
  /** Cognito hosted sign-in domain prefix; default derived from the account. */
  readonly authDomainPrefix: string | undefined;
  /** Where alarms are e-mailed, if anywhere (the operations topic can take other subscribers). */
  readonly operationsEmail: string | undefined;
}

/** Defaults for a trial deployment; a council's deployment sets at least pageOrigin. */
export const DEFAULT_SETTINGS = {
  pageOrigin: 'http://localhost:8080',
  // 06:00 on the 5th: the month's extracts are due by the 3rd working day.
  scheduleCron: '0 6 5 * ? *',
  tablesEngine: 'duckdb',
  bytesScannedCutoff: 10 * 1024 ** 3,
  landingRetentionDays: 90,
  glueDatabase: 'panelpack',
  athenaWorkgroup: 'panelpack',
} as const;

class ContextError extends Error {
  constructor(key: string, value: unknown, expected: string) {
    super(`context ${key}=${JSON.stringify(value)} is not usable: expected ${expected}`);
    this.name = 'ContextError';
  }
}

/**
 * Reads the deployment's choices from CDK context, failing with a message naming the key.
 * `knownLaCodes` is the shipped LA list: the default projection, and the check on a list given.
 */
export function readDeploymentSettings(
  node: Node,
  knownLaCodes: ReadonlySet<string>,
): DeploymentSettings {
  const get = (key: string): unknown => {
    const value = node.tryGetContext(key);
    return value === '' ? undefined : value;
  };
  const text = (key: string, pattern: RegExp, expected: string, fallback?: string) => {
    const value = get(key) ?? fallback;
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !pattern.test(value))
      throw new ContextError(key, value, expected);
    return value;
  };
  const whole = (key: string, min: number, fallback: number) => {
    const value = get(key) ?? fallback;
    const parsed = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    if (typeof parsed !== 'number' || !Number.isInteger(parsed) || parsed < min)
      throw new ContextError(key, value, `a whole number >= ${min}`);
    return parsed;
  };

  const laValue = get(CONTEXT.laCodes);
  const laCodes =
    laValue === undefined
      ? [...knownLaCodes].sort()
      : (Array.isArray(laValue) ? laValue.map(String) : String(laValue).split(',')).map((c) =>
          c.trim(),
        );
  const unknown = laCodes.filter((code) => !knownLaCodes.has(code));
  if (laCodes.length === 0 || unknown.length > 0) {
    throw new ContextError(CONTEXT.laCodes, laValue, 'DfE LA numbers from sql/reference/la.csv');
  }

  return {
    pageOrigin: text(
      CONTEXT.pageOrigin,
      /^(https:\/\/[a-z0-9.-]+(:\d+)?|http:\/\/localhost(:\d+)?)$/,
      'an origin such as https://reports.example.gov.uk (no path, no trailing slash)',
      DEFAULT_SETTINGS.pageOrigin,
    )!,
    laCodes,
    scheduleCron: text(
      CONTEXT.schedule,
      /^[\w*?,/#-]+( [\w*?,/#-]+){5}$/,
      'six cron fields, e.g. "0 6 5 * ? *"',
      DEFAULT_SETTINGS.scheduleCron,
    )!,
    tablesEngine: text(
      CONTEXT.tablesEngine,
      /^(duckdb|athena)$/,
      'duckdb or athena',
      DEFAULT_SETTINGS.tablesEngine,
    ) as 'duckdb' | 'athena',
    // Athena's minimum cutoff is 10 MB.
    bytesScannedCutoff: whole(
      CONTEXT.bytesScannedCutoff,
      10_000_000,
      DEFAULT_SETTINGS.bytesScannedCutoff,
    ),
    landingRetentionDays: whole(
      CONTEXT.landingRetentionDays,
      1,
      DEFAULT_SETTINGS.landingRetentionDays,
    ),
    glueDatabase: text(
      CONTEXT.glueDatabase,
      /^[a-z][a-z0-9_]{0,63}$/,
      'a lower-case Glue database name',
      DEFAULT_SETTINGS.glueDatabase,
    )!,
    athenaWorkgroup: text(
      CONTEXT.athenaWorkgroup,
      /^[A-Za-z0-9._-]{1,128}$/,
      'an Athena workgroup name',
      DEFAULT_SETTINGS.athenaWorkgroup,
    )!,
    authDomainPrefix: text(
      CONTEXT.authDomainPrefix,
      /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
      'a Cognito domain prefix (lower-case letters, digits, hyphens)',
    ),
    operationsEmail: text(
      CONTEXT.operationsEmail,
      /^[^@\s]+@[^@\s]+\.[^@\s]+$/,
      'an e-mail address',
    ),
  };
}
