export { type BucketDefaultsOptions, secureBucketProps } from './bucket-defaults.js';
export {
  duckdbSizing,
  type FunctionDefaultsOptions,
  functionDefaults,
} from './function-defaults.js';
export { secureKeyProps } from './key-defaults.js';
export { secureQueueProps } from './queue-defaults.js';
