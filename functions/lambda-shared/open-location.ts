import type { Settings } from '../core/config.js';
import { type ObjectStore, openStore } from '../core/store/index.js';

/**
 * Opens a store beside the warehouse (landing, reports) with the warehouse's S3 options, so
 * tests and S3-compatible endpoints reach every bucket the same way.
 */
export function openLocation(location: string, settings: Settings): ObjectStore {
  return openStore(location, {
    ...(settings.s3Endpoint ? { endpoint: settings.s3Endpoint } : {}),
    ...(settings.region ? { region: settings.region } : {}),
  });
}
