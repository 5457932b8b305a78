// Recognising PostgreSQL errors by SQLSTATE, the same way for pg and PGlite (drizzle may wrap them).
function sqlState(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export const isUniqueViolation = (err: unknown) => sqlState(err) === '23505';
export const isExclusionViolation = (err: unknown) => sqlState(err) === '23P01';
export const isForeignKeyViolation = (err: unknown) => sqlState(err) === '23503';
export const isSerializationFailure = (err: unknown) =>
  ['40001', '40P01'].includes(sqlState(err) ?? '');
/** A `FOR UPDATE NOWAIT` found the row locked by another transaction. */
export const isLockNotAvailable = (err: unknown) => sqlState(err) === '55P03';
export { sqlState };

/** The constraint a violation names, when the driver reports it. */
export function violatedConstraint(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const constraint = (current as { constraint?: unknown }).constraint;
    if (typeof constraint === 'string') return constraint;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
