export { monthBounds, parseDeliveryName } from './delivery.js';
export { FileRejectedError } from './header-map.js';
export {
  type LoadContext,
  type LoadResult,
  loadFile,
  loadRows,
  partitionPrefix,
  type RowsDelivery,
} from './load-file.js';
export { expandDeliveryPaths, loadPaths } from './load-paths.js';
