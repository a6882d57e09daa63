/**
 * How the CLI talks to a person: results on stdout, messages and progress on stderr, progress
 * only on a terminal (SPEC 6: quiet when not a TTY).
 */
export interface Terminal {
  out(text: string): void;
  err(text: string): void;
  /** Replaces the progress line; a no-op when stderr is not a terminal. */
  progress(text: string): void;
  /** Clears the progress line. */
  done(): void;
}

export function processTerminal(): Terminal {
  const tty = Boolean(process.stderr.isTTY);
  let shown = false;
  return {
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    progress(text) {
      if (!tty) return;
      process.stderr.write(`\r\x1b[2K${text}`);
      shown = true;
    },
    done() {
      if (tty && shown) process.stderr.write('\r\x1b[2K');
      shown = false;
    },
  };
}

/** A failure whose message tells the user what happened and what to do; printed without a stack. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
