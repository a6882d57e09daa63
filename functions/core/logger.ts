/**
 * What the core tells the outside world while it works. Fields carry counts, file names, months
 * and LA codes only: never a record's values or a person identifier (these are children's
 * records), which is why the type allows no objects.
 */
export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** Discards everything (tests, quiet runs). */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** One JSON object per line, as CloudWatch expects from a Lambda. */
export function jsonLogger(
  write: (line: string) => void = (line) => process.stdout.write(line),
): Logger {
  const emit = (level: string) => (message: string, fields?: LogFields) =>
    write(`${JSON.stringify({ level, message, ...fields, time: new Date().toISOString() })}\n`);
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}
