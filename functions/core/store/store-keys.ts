/**
 * Rules shared by every store for what a key may be. Both stores enforce the same rules so that
 * code tested against a local folder cannot write a key that S3 would treat differently, and so
 * that a key can never climb out of a local store's root.
 */

/** Top-level folder (or key prefix) holding lock objects; hidden from listings. */
export const LOCK_FOLDER = '_locks';

const LOCK_NAME = /^[A-Za-z0-9_=-][A-Za-z0-9._=-]{0,199}$/;

/** Throws unless `key` is a relative `/`-separated path with no empty, `.` or `..` segment. */
export function assertKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) {
    throw new Error(`Invalid object key ${JSON.stringify(key)}: a key must not be empty`);
  }
  if (key.includes('\0') || key.includes('\\')) {
    throw new Error(
      `Invalid object key ${JSON.stringify(key)}: backslashes and NUL are not allowed`,
    );
  }
  for (const segment of key.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw new Error(
        `Invalid object key ${JSON.stringify(key)}: it must be a relative path without ` +
          'leading, trailing or doubled "/" and without "." or ".." segments',
      );
    }
  }
  if (key.split('/')[0] === LOCK_FOLDER) {
    throw new Error(
      `Invalid object key ${JSON.stringify(key)}: "${LOCK_FOLDER}/" is reserved for locks`,
    );
  }
}

/** Throws unless `prefix` is empty or could start a valid key (it need not end at a `/`). */
export function assertPrefix(prefix: string): void {
  if (typeof prefix !== 'string' || prefix.startsWith('/') || prefix.includes('\0')) {
    throw new Error(`Invalid listing prefix ${JSON.stringify(prefix)}: it must be relative`);
  }
}

/** Throws unless `name` can be used as a lock file name on every store. */
export function assertLockName(name: string): void {
  if (typeof name !== 'string' || !LOCK_NAME.test(name)) {
    throw new Error(
      `Invalid lock name ${JSON.stringify(name)}: use 1-200 letters, digits, ".", "_", "=" or "-", ` +
        'not starting with "."',
    );
  }
}

/** True for keys inside the lock folder, which listings leave out. */
export function isLockKey(key: string): boolean {
  return key.startsWith(`${LOCK_FOLDER}/`);
}

/**
 * Orders keys as S3 does (by UTF-8 bytes). JavaScript's `<` compares UTF-16 code units, which
 * disagrees with S3 for characters above U+FFFF against U+E000-U+FFFF.
 */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) return utf8Rank(ca) - utf8Rank(cb);
  }
  return a.length - b.length;
}

/** Moves surrogates above U+E000-U+FFFF, which is where their code points sort in UTF-8. */
function utf8Rank(codeUnit: number): number {
  if (codeUnit >= 0xe000) return codeUnit - 0x800;
  if (codeUnit >= 0xd800) return codeUnit + 0x2000;
  return codeUnit;
}
