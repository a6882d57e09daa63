import * as glue from 'aws-cdk-lib/aws-glue';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { benchmarks, LA_EXTRACTS } from '../../functions/core/extracts/index.js';
import { REFERENCE_TABLES } from '../../functions/core/reference/index.js';
import { REPORT_TABLES_ROOT } from '../../functions/core/tables/index.js';
import {
  extractColumns,
  referenceColumns,
  reportColumns,
  reportTableCatalogue,
} from '../catalogue/glue-columns.js';

/** Where the reference tables are published in the warehouse (`reference/<table>/`). */
export const REFERENCE_ROOT = 'reference';

/** The Glue catalogue over one warehouse. */
export interface WarehouseCatalogProps {
  /** The warehouse bucket. */
  readonly bucket: s3.IBucket;
  /** The warehouse's key prefix in the bucket, without slashes, e.g. `warehouse`. */
  readonly prefix: string;
  /** Glue database name (lower case, underscores). */
  readonly databaseName: string;
  /** LA codes Athena projects for the `la_code` partition: every LA that may deliver. */
  readonly laCodes: readonly string[];
  /** First month Athena projects, `YYYY-MM`. Default 2010-01 (the reference calendar's start). */
  readonly firstMonth?: string;
}

/**
 * A Glue database with one Parquet table per warehouse table (SPEC 2), reference table and
 * report table (SPEC 4). Partitions are projected, never crawled: `la_code` from the LA list
 * and `month`/`as_of` as monthly dates up to now, so Athena reads a new month as soon as its
 * files land.
 */
export class WarehouseCatalog extends Construct {
  readonly database: glue.Database;
  /** Every table by name. */
  readonly tables: ReadonlyMap<string, glue.S3Table>;

  constructor(scope: Construct, id: string, props: WarehouseCatalogProps) {
    super(scope, id);
    if (props.laCodes.length === 0) throw new Error('WarehouseCatalog: laCodes is empty');
    this.database = new glue.Database(this, 'Database', {
      databaseName: props.databaseName,
      description: 'panelpack warehouse: extracts, reference data and report tables',
    });
    const tables = new Map<string, glue.S3Table>();
    const add = (
      name: string,
      folder: string,
      description: string,
      columns: glue.Column[],
      monthKey?: 'month' | 'as_of',
    ) => {
      const location = `${props.prefix}/${folder}/`;
      tables.set(
        name,
        new glue.S3Table(this, name, {
          database: this.database,
          tableName: name,
          description,
          storage: glue.S3TableStorage.fromBucket(props.bucket),
          s3Prefix: location,
          dataFormat: glue.DataFormat.PARQUET,
          columns,
          // The files are SSE-KMS, which S3 decrypts; the flag means client-side encryption.
          hasEncryptedData: false,
          ...(monthKey ? this.partitioning(props, location, monthKey) : {}),
        }),
      );
    };

    for (const schema of LA_EXTRACTS) {
      add(schema.name, schema.name, schema.description, extractColumns(schema), 'month');
    }
    add(benchmarks.name, benchmarks.name, benchmarks.description, extractColumns(benchmarks));
    for (const table of REFERENCE_TABLES) {
      add(
        table.name,
        `${REFERENCE_ROOT}/${table.name}`,
        `${table.grain}. ${table.description}`,
        referenceColumns(table),
      );
    }
    for (const table of reportTableCatalogue()) {
      add(
        table.name,
        `${REPORT_TABLES_ROOT}/${table.name}`,
        table.grain,
        reportColumns(table),
        'as_of',
      );
    }
    this.tables = tables;
  }

  private partitioning(
    props: WarehouseCatalogProps,
    location: string,
    monthKey: 'month' | 'as_of',
  ): Pick<glue.S3TableProps, 'partitionKeys' | 'partitionProjection' | 'parameters'> {
    return {
      partitionKeys: [
        { name: 'la_code', type: glue.Schema.STRING, comment: 'DfE LA number, e.g. 850' },
        {
          name: monthKey,
          type: glue.Schema.STRING,
          comment:
            monthKey === 'month' ? 'delivery month, YYYY-MM' : 'build month of the table, YYYY-MM',
        },
      ],
      partitionProjection: {
        la_code: glue.PartitionProjectionConfiguration.enum({ values: [...props.laCodes] }),
        [monthKey]: glue.PartitionProjectionConfiguration.date({
          min: props.firstMonth ?? '2010-01',
          max: 'NOW',
          format: 'yyyy-MM',
          step: { interval: 1, intervalUnit: glue.DateIntervalUnit.MONTHS },
        }),
      },
      parameters: {
        'storage.location.template': `s3://${props.bucket.bucketName}/${location}la_code=\${la_code}/${monthKey}=\${${monthKey}}/`,
      },
    };
  }
}
