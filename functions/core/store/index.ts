export { LocalStore } from './local-store.js';
export { mirrorToLocal } from './mirror.js';
export type { Lock, LockOptions, ObjectStore, StoredObject } from './object-store.js';
export { type OpenStoreOptions, openStore } from './open-store.js';
export { S3Store, type S3StoreOptions } from './s3-store.js';
