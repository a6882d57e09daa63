/**
 * `npm run reliability`: loads the whole hostile corpus at full size and injects every fault,
 * then writes RELIABILITY.md with what was tried and what happened. Exits 1 if any invariant
 * broke. (`npm test` runs a slice of the corpus and the main faults; see corpus.test.ts and
 * faults-*.test.ts.)
 */
import { writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { openDuckDB } from '../../functions/core/engine/duckdb-instance.js';
import { packageRoot } from '../../functions/core/package-root.js';
import { buildBaseline, type CaseOutcome, runCase } from './check-load.js';
import { baselineFiles, buildCorpus } from './corpus.js';
import {
  cliKilledAtRandom,
  concurrentLoads,
  type FaultOutcome,
  lambdaRetries,
  makeDeliveries,
  processKilled,
  s3ServerKilled,
  storeCallFails,
  survived,
} from './faults.js';

const progress = (text: string) => process.stderr.write(`${text}\n`);

const started = Date.now();
const duckdb = await openDuckDB({ threads: 2 });

progress('building the corpus...');
const corpus = buildCorpus({ full: true });
const baseline = await buildBaseline(duckdb, baselineFiles());
const outcomes: CaseOutcome[] = [];
const corpusStarted = Date.now();
for (const [i, item] of corpus.entries()) {
  outcomes.push(await runCase(item, duckdb, baseline.path));
  if ((i + 1) % 50 === 0) progress(`corpus ${i + 1}/${corpus.length}`);
}
const corpusMs = Date.now() - corpusStarted;
await baseline.remove();

progress('faults...');
const deliveries = await makeDeliveries(duckdb);
const big = await makeDeliveries(duckdb, 150_000);
const faults: FaultOutcome[] = [];
const faultsStarted = Date.now();
faults.push(...(await s3ServerKilled(duckdb, deliveries)));
faults.push(...(await s3ServerKilled(duckdb, deliveries, { afterCommit: true })));
faults.push(...(await s3ServerKilled(duckdb, deliveries, { dropOnly: true })));
faults.push(...(await storeCallFails(duckdb, deliveries)));
const killPoints = [1, 2, 3, 4, 5, 6, 7].flatMap((at) =>
  (['before', 'during', 'after'] as const).map((when) => ({ at, when })),
);
faults.push(...(await processKilled(duckdb, big, killPoints)));
faults.push(...(await cliKilledAtRandom(duckdb, big, 12)));
faults.push(...(await lambdaRetries(deliveries, deliveries.dir)));
faults.push(...(await concurrentLoads(duckdb, deliveries)));
faults.push(...(await concurrentLoads(duckdb, big)));
const faultsMs = Date.now() - faultsStarted;
await deliveries.remove();
await big.remove();
duckdb.closeSync();

const sum = (list: readonly CaseOutcome[], pick: (o: CaseOutcome) => number) =>
  list.reduce((n, o) => n + pick(o), 0);
const violations = outcomes.flatMap((o) => o.violations.map((v) => ({ id: o.id, ...v })));
const crashes = violations.filter((v) => v.kind === 'crash');
const lost = violations.filter((v) => v.kind === 'lost');
const formulas = violations.filter((v) => v.kind === 'formula');
const faultFailures = faults.filter((f) => !survived(f));
const count = (status: string) => outcomes.filter((o) => o.status === status).length;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

const categories = [...new Set(corpus.map((c) => c.category))];
const categoryRows = categories.map((category) => {
  const list = outcomes.filter((o) => o.category === category);
  const statuses = ['loaded', 'not_replaced', 'rejected']
    .map((s) => `${list.filter((o) => o.status === s).length}`)
    .join(' / ');
  const broken = list.reduce((n, o) => n + o.violations.length, 0);
  return `| ${category} | ${list.length} | ${statuses} | ${sum(list, (o) => o.rowsRead)} | ${sum(list, (o) => o.rowsLoaded)} | ${sum(list, (o) => o.rowsRejected)} | ${broken} |`;
});

const faultKinds = [...new Set(faults.map((f) => f.fault))];
const faultRows = faultKinds.map((fault) => {
  const list = faults.filter((f) => f.fault === fault);
  const states = ['kept', 'published', 'broken']
    .map((s) => `${list.filter((f) => f.state === s).length}`)
    .join(' / ');
  return `| ${fault} | ${list.length} | ${list.filter(survived).length} | ${states} |`;
});

const report = `# Reliability

What panelpack's loader was put through and what happened, written by \`npm run reliability\`
(${seconds(Date.now() - started)} on ${cpus().length} cores when this file was written; the corpus
took ${seconds(corpusMs)}, the faults ${seconds(faultsMs)}). \`npm test\` runs the same checks on a
slice: \`test/reliability/corpus.test.ts\` (one file of each kind of damage),
\`faults-s3.test.ts\`, \`faults-local.test.ts\` and the property-based tests in
\`test/unit/load/*.property.test.ts\`.

## Summary

| figure | value |
| --- | --- |
| malformed inputs tried | ${corpus.length} files, ${mb(sum(outcomes, (o) => o.bytes))} |
| rows read | ${sum(outcomes, (o) => o.rowsRead)} (loaded ${sum(outcomes, (o) => o.rowsLoaded)}, rejected with a reason ${sum(outcomes, (o) => o.rowsRejected)}) |
| files loaded / not replaced (every row rejected) / rejected whole | ${count('loaded')} / ${count('not_replaced')} / ${count('rejected')} |
| crashes (the loader threw instead of answering) | ${crashes.length} |
| data lost (a published month changed when it must not, or a whole-file reject changed the warehouse) | ${lost.length} |
| rows not accounted for (read != loaded + rejected, or != the file's records, or != Parquet and rejects file) | ${violations.filter((v) => v.kind === 'count').length} |
| live formulas in CSV the product wrote | ${formulas.length} (${sum(outcomes, (o) => o.cellsChecked)} rejects cells checked) |
| other broken expectations | ${violations.filter((v) => v.kind === 'expectation' || v.kind === 'manifest').length} |
| faults injected / survived | ${faults.length} / ${faults.length - faultFailures.length} |

## Hostile corpus

Generated by \`test/reliability/corpus.ts\` from the extract schemas (every extract, LA 850, month
2020-02, over a warehouse already holding January and February): valid rows built by the same
fast-check arbitraries the property tests use, then broken. For every file the checks of
\`test/reliability/check-load.ts\` hold: the loader returns a result; rows read = loaded +
rejected and equals the records the file holds; the month's Parquet holds the loaded rows and the
rejects file names each rejected row with a column and a rule; a whole-file reject leaves the
warehouse byte-identical and a load that replaces nothing leaves the month byte-identical; no
other month, LA or extract changes; the manifest is the result; every cell of the rejects CSV is
inert in a spreadsheet (parsed by an independent RFC 4180 reader); plus what each case expects
(status, rejected rows, rule, stored values, dropped free text absent from the warehouse).

| damage | files | loaded / not replaced / rejected | rows read | loaded | rejected | broken checks |
| --- | --- | --- | --- | --- | --- | --- |
${categoryRows.join('\n')}

Kinds of damage: truncated (mid-record, mid-quote, in and just after the header); another
delimiter (whole file or one row); Latin-1 and Windows-1252 bytes (a row, every row, the
header), UTF-16 LE/BE with and without BOM, UTF-8 BOM, two BOMs, a BOM mid-file; CR, CRLF, mixed
line ends and line breaks inside quotes; duplicate keys in a file, across months (event extracts:
rejected; snapshots: allowed), across LAs, in a re-sent month; impossible dates (31/02/2020,
2019-02-29, 2020-13-01, 00/02/2020, ...); one breach of every schema rule (blank required, code
not in its list, bad date/date-time/integer/boolean, below minimum, outside the month, after
month end, date order, required-when, blank-unless, age at month end, duplicate key); codes from
another list; 1 MB cells (key, coded column, unknown column), a 3 MB line, a 0.6 MB quoted blob;
300 000-row files (and one with a broken row, read record by record); blank and whitespace
lines; trailing delimiters; quotes mid-field, after a closing quote, never closed, escaped;
formula strings (\`=HYPERLINK(...)\`, \`+cmd|' /C calc'!A0\`, \`@SUM(...)\`, \`-2+3\`, tab/CR-led,
full-width \`＝\`) in free text, coded and date columns and the header; NUL bytes in and past the
header sniff window; header only; empty, BOM-only, whitespace-only; zip, gzip, PDF and random
bytes named .csv; header spellings, order, duplicates, missing columns, personal-name columns,
2 000 extra columns; random byte damage.

${violations.length ? `### Broken checks\n\n${violations.map((v) => `- ${v.id}: ${v.kind}: ${cell(v.detail)}`).join('\n')}\n` : ''}
## Property-based tests (fast-check)

- \`csv-records.property.test.ts\`: records written by RFC 4180 (any fields, line ends, blank lines,
  quoting) read back exactly; any bytes split without an error into numbered records; wherever
  DuckDB's strict reader accepts a CSV-ish text, the record-by-record reader yields the same rows
  and values (so a row is loaded or rejected alike whichever reader meets it).
- \`header-map.property.test.ts\`: any order, spelling, padding, quoting, BOM, trailing commas and unknown
  columns map every schema column to its place; a missing required or duplicated column rejects
  the file; arbitrary bytes either map or reject with a reason, never throw anything else.
- \`validation.property.test.ts\`: rows generated from each schema for any month, written any way, with
  random corruptions that each break one named rule: every valid row loads as its typed,
  canonical value in file order, every broken row is rejected naming its column and rule, rows
  read = loaded + rejected, free text in unknown columns never reaches Parquet, every rejects cell
  is inert; and over random sequences of deliveries to three months, an event key is never held
  by two months of an LA.

## Faults

Each starts from a warehouse holding a good January and February, loads a corrected February
(with two rows to reject, one a formula), and breaks something mid-load. Survived means: January
and February read back intact, February being byte for byte either the previous delivery (kept)
or the new one (published) and never anything else; no stray object and no manifest for a month
not published; loading the delivery again afterwards gives the clean result and leaves no lock.

| fault | points tried | survived | kept / published / broken |
| --- | --- | --- | --- |
${faultRows.join('\n')}

| fault | point | outcome |
| --- | --- | --- |
${faults.map((f) => `| ${f.fault} | ${cell(f.point)} | ${survived(f) ? 'survived' : '**FAILED**'}: ${cell(f.detail)} |`).join('\n')}

How the faults are made:
- **S3 server stopping mid-load**: s3rver runs in a child process behind a loopback proxy
  (\`faulty-s3.ts\`); the proxy kills it with SIGKILL at the n-th request of the load, for every n
  (for a PUT with half its body sent), restarts it on the same data, and the load is re-run in
  the same process. s3rver writes a PUT's body in place as it arrives, so a server killed
  mid-PUT truncates the old object, which S3 never does (a PUT replaces an object whole or not at
  all): the proxy holds each request until it is complete, as S3 does before committing it. It
  also answers If-None-Match/If-Match as S3 does (s3rver ignores them; the locks rely on them).
  "Killed as it answers": the request reaches the server and takes effect, then the server dies
  before the client hears back. "Connection dropped": only the answer is lost; the SDK retries.
- **Crash between writing and publishing**: a store that fails its n-th call, before or after
  doing it (the Parquet is written locally before the first publishing call), for every n; and
  the loading process itself killed with SIGKILL before, during or after each store call (no
  \`finally\` runs, its lock file is left with a dead process id); and the \`panelpack load\` process
  killed at moments spread over an uninterrupted run of a 150 000-row delivery.
- **Lambda retry**: the ingest handler, on loopback S3, with the server killed as it publishes
  (the message is reported in \`batchItemFailures\`, then retried), the same event again and twice
  at once: same warehouse bytes (a manifest's \`loaded_at\` aside), one manifest per delivery.
- **Two loads of one month at once**: two \`loadFile\` calls in one process through a store that
  records every call (neither acts while the other holds the lock), and two \`panelpack load\`
  processes started while the test holds the lock, so both wait and race for it.

## What this found, and what was changed

- NUL bytes past the first 64 KB reached the warehouse: now any NUL rejects the file whole.
- Text after a closing quote (\`"ab"c\`) loaded silently as \`ab\`, and a quote never closed (a
  file cut mid-quote) loaded when the field count happened to match: both now reject the row.
- The same row could be loaded or rejected depending on whether another row sent the file to
  the record-by-record reader (trailing commas, a space before a quote, quoted sections joined
  by spaces): that reader now reads as DuckDB's does, proved by a property test against DuckDB.
- A header with trailing commas made every row a reject; blank lines before the header made
  DuckDB take a blank line for the header (the real header then loaded as a row, and every row
  number was off by one). Trailing empty header names are not columns; such files are read
  record by record.
- \`infinity\`, \`-infinity\` and \`epoch\` were accepted as date-times.
- Re-loading a file with more than one DuckDB thread wrote different Parquet bytes each time
  (the README promises the same bytes): rows are now written in file order.
- Spreadsheet formulas after leading whitespace, in full-width form or led by a line feed were
  written live into CSV; finite numbers in exports are now written as they are.
- Event keys repeated across months were loaded (see below).
- S3 locks: a release that failed while S3 was unreachable left the lock for 15 minutes, so the
  re-run waited and failed; a lock write that took effect but whose answer was lost did the same,
  and the SDK's own retry of such a write found "another holder" (itself). Now the next load in
  the process releases what it could not, a write whose answer was lost is recognised, and a
  lock's release can be retried.

## Decisions and known limits

- **Event keys are unique within the LA across months** (SPEC 3: contact_id, referral_id,
  assessment_id, s47_id "unique within LA"; every event is dated in its delivery month, so a key
  in two months is two records of one event). A row whose key another month of the LA already
  holds is rejected: \`key: already loaded for month YYYY-MM\`. Re-sending the same month is a
  replacement, not a duplicate; snapshot extracts (unique within LA and month) and other LAs are
  not affected. A correction that moves an event to another month is made by re-sending the
  month that held it first. The check reads only the key column of the LA's other months'
  Parquet, and only for the delivery's own keys; loads of one LA's event extract share one lock
  so two months cannot both take a key at once.
- The record-by-record reader (used when DuckDB's strict reader refuses a file) reads quoting
  as DuckDB does, so a row gets the same outcome on either path: one space may precede an
  opening quote (two or more make it text), quoted sections separated by spaces join, trailing
  empty fields are ignored; text after a closing quote and a quote never closed reject the row.
- A header-only file is a delivery with no rows and replaces the month (a month with no events
  is real); a file whose every row is rejected does not.
- A file cut inside the last field of its last row, where the cut value is still valid
  (\`2010-01-1\` for \`2010-01-10\`), cannot be told from a complete file (a missing final line
  break is common); such a row loads.
- A lock left by a load that could not release it (S3 unreachable, or a lock write whose answer
  was lost) is released by the next load in the same process (a warm Lambda, a retry loop);
  another process takes it over once it is 15 minutes old (a local warehouse: at once, when its
  holder's process is gone).
`;

await writeFile(join(packageRoot(), 'RELIABILITY.md'), report);
const failed = violations.length + faultFailures.length;
progress(
  `${corpus.length} files, ${crashes.length} crashes, ${lost.length} data lost, ${violations.length} broken checks; ${faults.length - faultFailures.length}/${faults.length} faults survived -> RELIABILITY.md`,
);
process.exitCode = failed > 0 ? 1 : 0;
