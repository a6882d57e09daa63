export { monthBounds, parseDeliveryName } from './delivery.js';
export { FileRejectedError } from './header-map.js';
export { type LoadContext, type LoadResult, loadFile, partitionPrefix } from './load-file.js';
export { expandDeliveryPaths, loadPaths } from './load-paths.js';
