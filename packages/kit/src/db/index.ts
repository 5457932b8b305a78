// The database part of the service kit.
export {
  createPgliteTemplate,
  openDatabase,
  queryRows,
  type Database,
  type DatabaseHandle,
  type OpenDatabaseOptions,
  type Queryable,
  type Transaction,
} from './open.ts';
export {
  isExclusionViolation,
  isForeignKeyViolation,
  isLockNotAvailable,
  isSerializationFailure,
  isUniqueViolation,
  sqlState,
  violatedConstraint,
} from './errors.ts';
