/**
 * A real S3-compatible server (s3rver) on loopback for tests: a random port, its own temporary
 * directory and a fresh bucket, so suites can run in parallel without sharing state.
 *
 * s3rver runs in a child process started with `--openssl-legacy-provider`: it encrypts
 * ListObjectsV2 continuation tokens with DES, which OpenSSL 3 (Node >= 17) refuses by default,
 * so in-process any listing longer than one page fails with InternalError. A separate process
 * also keeps the server off the test's event loop, as a real S3 would be.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { S3Client } from '@aws-sdk/client-s3';

/** s3rver's built-in account; it rejects requests signed with any other key. */
export const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;

/**
 * The child: starts s3rver with the options in its environment, reports the port on stdout,
 * and exits when its stdin closes, which also happens if the test process dies.
 */
const CHILD_SCRIPT = `
const S3rver = require(process.env.S3RVER_MODULE);
const server = new S3rver(JSON.parse(process.env.S3RVER_OPTIONS));
server.run().then(
  (address) => process.stdout.write(JSON.stringify({ port: address.port }) + '\\n'),
  (error) => { console.error(error); process.exit(1); },
);
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
`;

/** The s3rver child process: stdin, stdout and stderr piped. */
export type S3rverChild = ChildProcessByStdio<Writable, Readable, Readable>;

/**
 * Starts s3rver in a child process on 127.0.0.1 (any free port), storing objects in `directory`
 * with one bucket, and waits for its port. The child exits when its stdin closes.
 */
export async function spawnS3rver(
  directory: string,
  bucket: string,
): Promise<{ child: S3rverChild; port: number }> {
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', CHILD_SCRIPT], {
    env: {
      ...process.env,
      S3RVER_MODULE: createRequire(import.meta.url).resolve('s3rver'),
      S3RVER_OPTIONS: JSON.stringify({
        address: '127.0.0.1',
        port: 0,
        silent: true,
        directory,
        configureBuckets: [{ name: bucket }],
      }),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  try {
    return { child, port: await readPort(child) };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

export interface S3TestServer {
  /** `http://127.0.0.1:<port>`, for `S3Store`/`openStore` `endpoint` options. */
  readonly endpoint: string;
  /** A bucket created empty for this server. */
  readonly bucket: string;
  /** The credentials the server accepts (`client` uses them). */
  readonly credentials: typeof CREDENTIALS;
  /** A client configured for the server, for arranging and inspecting objects directly. */
  readonly client: S3Client;
  /** Stops the server, waits for it to exit and deletes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts s3rver on 127.0.0.1 with a random port, silent, with one fresh bucket. */
export async function startS3Server(): Promise<S3TestServer> {
  const directory = await mkdtemp(path.join(tmpdir(), 'panelpack-s3rver-'));
  const bucket = `panelpack-test-${randomBytes(4).toString('hex')}`;
  let started: { child: S3rverChild; port: number };
  try {
    started = await spawnS3rver(directory, bucket);
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
  const { child, port } = started;
  const stopChild = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    await rm(directory, { recursive: true, force: true });
  };
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      client.destroy();
      await stopChild();
    })();
    return stopped;
  };
  return { endpoint, bucket, credentials: CREDENTIALS, client, stop };
}

/** Waits for the child's `{"port": n}` line; fails with its stderr if it exits or hangs. */
function readPort(child: S3rverChild): Promise<number> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const fail = (reason: string) => {
      clearTimeout(timer);
      reject(new Error(`s3rver did not start: ${reason}\n${stderr.slice(-4000)}`));
    };
    const timer = setTimeout(() => fail(`no port after ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n') && line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { port: number }).port);
      }
    });
    child.once('exit', (code, signal) => fail(`it exited (${signal ?? code})`));
    child.once('error', (error) => fail(error.message));
  });
}
