/**
 * A loading process that kills itself (SIGKILL) at its `at`-th store call: `before` the call,
 * `after` it, or `during` it (as soon as the call has started). Run by faults.ts as
 * `crash-child.ts <warehouse> <file> <at> <before|after|during>`; prints `call: <what>` first.
 */
import { openDuckDB } from '../../functions/core/engine/duckdb-instance.js';
import { loadFile } from '../../functions/core/load/index.js';
import { LocalStore, type Lock, type ObjectStore } from '../../functions/core/store/index.js';

const [root, file, atText, when] = process.argv.slice(2) as [string, string, string, string];
const at = Number(atText);
const inner = new LocalStore(root);
let calls = 0;

function die(what: string): never {
  process.stdout.write(`call: ${what}\n`);
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable');
}

async function step<T>(what: string, work: () => Promise<T>): Promise<T> {
  calls += 1;
  if (calls !== at) return work();
  if (when === 'before') die(what);
  if (when === 'during') {
    const running = work();
    setImmediate(() => die(what));
    return running;
  }
  await work();
  return die(what);
}

const store: ObjectStore = {
  location: inner.location,
  localRoot: inner.localRoot,
  put: (key, body) => step(`put ${key}`, () => inner.put(key, body)),
  putFile: (key, path) => step(`putFile ${key}`, () => inner.putFile(key, path)),
  get: (key) => step(`get ${key}`, () => inner.get(key)),
  getFile: (key, path) => step(`getFile ${key}`, () => inner.getFile(key, path)),
  list: (prefix) => step(`list ${prefix}`, () => inner.list(prefix)),
  delete: (keys) => step(`delete ${keys.length} key(s)`, () => inner.delete(keys)),
  lock: (name): Promise<Lock> => step(`lock ${name}`, () => inner.lock(name)),
};

const duckdb = await openDuckDB({ threads: 1 });
const result = await loadFile(file, { store, duckdb });
process.stdout.write(`finished: ${result.status}\n`);
