/**
 * The waiting half of a lock, shared by both stores: each store supplies one non-blocking
 * attempt (exclusive create, or an S3 conditional write) and this loop polls it with backoff
 * until it succeeds or the caller's patience runs out.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Lock, LockOptions } from './object-store.js';

/** Default for {@link LockOptions.waitMs}. */
export const DEFAULT_LOCK_WAIT_MS = 60_000;
/** Default for {@link LockOptions.staleMs}. */
export const DEFAULT_LOCK_STALE_MS = 15 * 60_000;

/** What a lock file or lock object holds, so a waiter can say who holds it. */
export interface LockRecord {
  readonly pid: number;
  readonly host: string;
  readonly acquired_at: string;
  /** Lets a holder check, before releasing, that the lock was not taken over from it. */
  readonly token: string;
}

/** The outcome of one non-blocking attempt. */
export type LockAttempt =
  | { readonly acquired: Lock }
  | { readonly heldBy: LockRecord | undefined }
  /** The previous holder was stale or just released: try again without waiting. */
  | { readonly retry: true };

export function newLockRecord(): LockRecord {
  return {
    pid: process.pid,
    host: hostname(),
    acquired_at: new Date().toISOString(),
    token: randomBytes(16).toString('hex'),
  };
}

/** The record in a lock's content, or undefined when it is unreadable (e.g. a torn write). */
export function parseLockRecord(content: string | Uint8Array): LockRecord | undefined {
  try {
    const value = JSON.parse(
      typeof content === 'string' ? content : Buffer.from(content).toString(),
    );
    if (
      typeof value?.pid === 'number' &&
      typeof value.host === 'string' &&
      typeof value.acquired_at === 'string' &&
      typeof value.token === 'string'
    ) {
      return value as LockRecord;
    }
  } catch {
    // An unreadable lock is still a lock; staleness by age decides when it may be taken over.
  }
  return undefined;
}

function describeHolder(holder: LockRecord | undefined): string {
  return holder
    ? `process ${holder.pid} on host ${holder.host} since ${holder.acquired_at}`
    : 'an unknown holder (the lock record is unreadable)';
}

/**
 * Repeats `attempt` until it acquires the lock, sleeping with capped exponential backoff while
 * the lock is held, and throws once `waitMs` has passed.
 */
export async function acquireLock(
  name: string,
  lockLocation: string,
  options: LockOptions | undefined,
  attempt: (staleMs: number) => Promise<LockAttempt>,
): Promise<Lock> {
  const waitMs = options?.waitMs ?? DEFAULT_LOCK_WAIT_MS;
  const staleMs = options?.staleMs ?? DEFAULT_LOCK_STALE_MS;
  const deadline = Date.now() + waitMs;
  let delayMs = 20;
  let immediateRetries = 0;
  for (;;) {
    const result = await attempt(staleMs);
    if ('acquired' in result) return result.acquired;
    // A takeover normally succeeds on the next attempt; the cap stops two takers spinning.
    if ('retry' in result && ++immediateRetries <= 3) continue;
    const remainingMs = deadline - Date.now();
    if (remainingMs <= 0) {
      const holder = 'heldBy' in result ? describeHolder(result.heldBy) : 'another process';
      throw new Error(
        `Timed out after ${waitMs} ms waiting for lock "${name}" (${lockLocation}), held by ` +
          `${holder}. It is taken over automatically once older than ${staleMs} ms; if its ` +
          'holder has certainly stopped, delete the lock and retry.',
      );
    }
    const jitter = 0.5 + Math.random() / 2;
    await sleep(Math.min(delayMs * jitter, remainingMs));
    delayMs = Math.min(delayMs * 2, 1000);
    immediateRetries = 0;
  }
}
