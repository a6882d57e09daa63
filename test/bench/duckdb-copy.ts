/**
 * `node duckdb-copy.js <csv> <parquet>`: DuckDB's own CSV-to-Parquet copy in a process of its
 * own, as a user would run it instead of `panelpack load` (the DuckDB CLI is not installed
 * here; this is the same engine behind the same Node start-up). The reference for the
 * end-to-end `panelpack load` figure, so that both pay for starting a process.
 */
import { DuckDBInstance } from '@duckdb/node-api';

const [csv, parquet] = process.argv.slice(2);
if (!csv || !parquet) throw new Error('usage: duckdb-copy.js <csv> <parquet>');
const literal = (path: string) => `'${path.replaceAll("'", "''")}'`;
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run(
  `COPY (SELECT * FROM read_csv(${literal(csv)})) TO ${literal(parquet)} (FORMAT parquet)`,
);
connection.closeSync();
instance.closeSync();
