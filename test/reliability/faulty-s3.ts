/**
 * A real S3-compatible server (s3rver, in a child process) that a test can kill mid-request
 * and start again on the same data, behind a loopback proxy the store talks to.
 *
 * The proxy exists because s3rver is not S3 in one respect that matters here: it streams a
 * PUT's body straight into the object's file, so a server killed mid-PUT leaves the old object
 * truncated, which S3 never does (a PUT, or a multipart upload's completion, replaces the
 * object whole or not at all). The proxy therefore holds each request until it has all of it,
 * as S3 does before it commits anything, and forwards it whole. A fault is armed for the n-th
 * request: when it arrives (for a request with a body, once half the body is in) the s3rver
 * process is killed with SIGKILL and the client's connection dropped, so that request never
 * completes, and every request after it finds the server gone until `restart()`. The proxy
 * also answers S3's conditional requests (If-None-Match on PUT, If-Match on DELETE), which
 * s3rver ignores and the store's locks rely on. Armed
 * `afterCommit`, the request is forwarded whole and the server killed as its answer comes back,
 * which the client never sees: the request took effect, the client cannot know it. With
 * `keepServer` only that answer is lost (a dropped connection) and the server stays up.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CREDENTIALS, type S3rverChild, spawnS3rver } from '../helpers/s3-server.js';

type Child = S3rverChild;

/** One request the proxy saw: method and path, as `PUT /bucket/key`. */
export type SeenRequest = string;

export interface FaultyS3 {
  /** The proxy's endpoint, for `S3Store` (`http://127.0.0.1:<port>`). */
  readonly endpoint: string;
  readonly bucket: string;
  readonly credentials: typeof CREDENTIALS;
  /** A client through the proxy, for arranging and inspecting objects. */
  readonly client: S3Client;
  /** Requests seen since the last `arm` (or start), in order. */
  readonly seen: readonly SeenRequest[];
  /**
   * Kill the server at the `n`-th request from now (1-based), or at the first request `when`
   * accepts; 0 disarms. Either way `seen` starts again.
   */
  arm(
    at: number | ((request: SeenRequest) => boolean),
    options?: { afterCommit?: boolean; keepServer?: boolean },
  ): void;
  /** Whether the server is down (killed by a fault or `kill`). */
  readonly killed: boolean;
  /** Whether the armed fault has struck since `arm`. */
  readonly fired: boolean;
  /** Starts s3rver again on the same data (after a fault or `kill`). */
  restart(): Promise<void>;
  /** Kills the server now, without waiting for a request. */
  kill(): Promise<void>;
  /** Stops everything and deletes the data. */
  stop(): Promise<void>;
}

/** Starts s3rver (one fresh bucket, its own folder) behind the fault proxy. */
export async function startFaultyS3(): Promise<FaultyS3> {
  const directory = await mkdtemp(path.join(tmpdir(), 'panelpack-faulty-s3-'));
  const bucket = `panelpack-fault-${randomBytes(4).toString('hex')}`;
  let child: Child | undefined;
  let upstreamPort = 0;
  let armedAt = 0;
  let armedWhen: ((request: SeenRequest) => boolean) | undefined;
  let afterCommit = false;
  let keepServer = false;
  let fired = false;
  let count = 0;
  let killed = false;
  const seen: SeenRequest[] = [];
  const sockets = new Set<Socket>();

  const startChild = async () => {
    const { child: started, port } = await spawnS3rver(directory, bucket);
    upstreamPort = port;
    child = started;
    killed = false;
    direct?.destroy();
    direct = new S3Client({
      endpoint: `http://127.0.0.1:${upstreamPort}`,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: CREDENTIALS,
      maxAttempts: 1,
    });
  };
  const killChild = async () => {
    const running = child;
    child = undefined;
    if (running && running.exitCode === null && running.signalCode === null) {
      const exited = once(running, 'exit');
      running.kill('SIGKILL');
      await exited;
    }
    killed = true;
    // Connections to the dead server go too, as they would with a real outage.
    for (const socket of sockets) socket.destroy();
  };

  // s3rver ignores If-None-Match on PUT and If-Match on DELETE, which S3 honours and the
  // store's locks rely on: the proxy answers them as S3 does, one request per key at a time,
  // asking the server directly for the object's current ETag.
  let direct: S3Client | undefined;
  const keyQueues = new Map<string, Promise<unknown>>();
  const currentETag = async (bucketName: string, key: string): Promise<string | undefined> => {
    try {
      return (await direct!.send(new HeadObjectCommand({ Bucket: bucketName, Key: key }))).ETag;
    } catch (error) {
      if (
        (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404
      ) {
        return undefined;
      }
      throw error;
    }
  };

  const proxy: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    let upstream: Socket | undefined;
    let buffer = Buffer.alloc(0);
    let pending: { head: Buffer; bodyLength: number; fire: boolean } | undefined;
    let busy = false;
    let dropAnswer = false;
    let answered: (() => void) | undefined;

    /** Sends a whole request to the server; resolves when its answer starts coming back. */
    const forward = (request: Buffer) =>
      new Promise<void>((resolve) => {
        if (!child) {
          client.destroy();
          resolve();
          return;
        }
        if (!upstream) {
          const socket = connect(upstreamPort, '127.0.0.1');
          upstream = socket;
          sockets.add(socket);
          socket.on('close', () => {
            sockets.delete(socket);
            client.destroy();
            answered?.();
          });
          socket.on('error', () => client.destroy());
          socket.on('data', (chunk: Buffer) => {
            answered?.();
            answered = undefined;
            if (!dropAnswer) {
              client.write(chunk);
              return;
            }
            dropAnswer = false;
            if (keepServer) client.destroy();
            else void killChild().then(() => client.destroy());
          });
        }
        answered = resolve;
        upstream.write(request);
      });

    /** Forwards the request, first checking the condition it carries as S3 would. */
    const send = async (head: string, request: Buffer) => {
      const [method = '', target = ''] = head.split('\r\n')[0]!.split(' ');
      const ifNoneMatch = /\r\nif-none-match:\s*\*/i.test(head);
      const ifMatch = /\r\nif-match:\s*(\S+)/i.exec(head)?.[1];
      const conditional = (method === 'PUT' && ifNoneMatch) || (method === 'DELETE' && ifMatch);
      if (!conditional || !child) return forward(request);
      const [, bucketName = '', ...rest] = target.split('?')[0]!.split('/');
      const key = decodeURIComponent(rest.join('/'));
      const id = `${bucketName}/${key}`;
      const run = async () => {
        const etag = await currentETag(bucketName, key).catch(() => 'unknown');
        const holds = method === 'PUT' ? etag === undefined : etag === ifMatch;
        if (holds) return forward(request);
        const body =
          '<?xml version="1.0" encoding="UTF-8"?><Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>';
        client.write(
          `HTTP/1.1 412 Precondition Failed\r\nContent-Type: application/xml\r\nContent-Length: ${Buffer.byteLength(body)}\r\nx-amz-request-id: PROXY412\r\n\r\n${body}`,
        );
      };
      const queued = (keyQueues.get(id) ?? Promise.resolve()).then(run, run);
      keyQueues.set(
        id,
        queued.catch(() => undefined),
      );
      return queued;
    };

    const pump = async () => {
      if (busy) return;
      busy = true;
      try {
        for (;;) {
          if (!pending) {
            const end = buffer.indexOf('\r\n\r\n');
            if (end < 0) return;
            const head = buffer.subarray(0, end + 4);
            buffer = buffer.subarray(end + 4);
            const text = head.toString('latin1');
            const [requestLine = ''] = text.split('\r\n');
            const [method = '', target = ''] = requestLine.split(' ');
            seen.push(`${method} ${target.split('?')[0]}`);
            count += 1;
            const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(text)?.[1] ?? 0);
            const fire =
              (armedAt > 0 && count === armedAt) || armedWhen?.(seen[seen.length - 1]!) === true;
            // The client waits for this before it sends a body; S3 sends it too.
            if (/\r\nexpect:\s*100-continue/i.test(text)) {
              client.write('HTTP/1.1 100 Continue\r\n\r\n');
            }
            if (/\r\ntransfer-encoding:\s*chunked/i.test(text)) {
              // Never sent by the store (every body has a length); refuse rather than misframe.
              seen.push('UNSUPPORTED chunked body');
              client.destroy();
              return;
            }
            pending = {
              head: Buffer.from(text.replace(/\r\nexpect:\s*100-continue/i, ''), 'latin1'),
              bodyLength: length,
              fire,
            };
          }
          const { head, bodyLength, fire } = pending;
          if (fire && !afterCommit && buffer.length >= Math.floor(bodyLength / 2)) {
            fired = true;
            pending = undefined;
            armedAt = 0;
            armedWhen = undefined;
            await killChild();
            client.destroy();
            return;
          }
          if (buffer.length < bodyLength) return;
          const body = buffer.subarray(0, bodyLength);
          buffer = buffer.subarray(bodyLength);
          pending = undefined;
          if (fire) {
            fired = true;
            armedAt = 0;
            armedWhen = undefined;
            dropAnswer = true;
          }
          await send(head.toString('latin1'), Buffer.concat([head, body]));
        }
      } finally {
        busy = false;
      }
    };

    client.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      void pump().then(() => {
        // Data may have arrived while a request was being forwarded.
        if (buffer.length > 0 && !client.destroyed) void pump();
      });
    });
  });
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
  const address = proxy.address();
  const endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  await startChild();

  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

  let stopped: Promise<void> | undefined;
  return {
    endpoint,
    bucket,
    credentials: CREDENTIALS,
    client,
    get seen() {
      return seen;
    },
    get killed() {
      return killed;
    },
    get fired() {
      return fired;
    },
    arm(at, options = {}) {
      seen.length = 0;
      count = 0;
      afterCommit = options.afterCommit === true || options.keepServer === true;
      keepServer = options.keepServer === true;
      fired = false;
      armedAt = typeof at === 'number' ? at : 0;
      armedWhen = typeof at === 'number' ? undefined : at;
    },
    restart: startChild,
    kill: killChild,
    stop() {
      stopped ??= (async () => {
        client.destroy();
        await killChild();
        direct?.destroy();
        proxy.close();
        await rm(directory, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}
