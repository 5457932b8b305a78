// The cinema.marquee.dev CRDs, their fixed names, and the tools that validate custom resources
// against them (JSON schema via ajv, CEL rules via cel-js) for tests and the fake API server.
import type { CustomResourceDefinition } from './crd-types.ts';
import { showtimeScheduleCrd } from './showtime-schedule.crd.ts';
import { showtimeCrd } from './showtime.crd.ts';

export * from './names.ts';
export type * from './crd-types.ts';
export { showtimeCrd } from './showtime.crd.ts';
export { DAYS_OF_WEEK, showtimeScheduleCrd } from './showtime-schedule.crd.ts';
export { CelRuleCompileError, compileCelRules } from './cel.ts';
export type { CelRuleError, CelValidator } from './cel.ts';
export { createCustomResourceValidator } from './crd-validator.ts';
export type { CustomResourceValidator, FieldError, ValidatorOptions } from './crd-validator.ts';
export { toJsonSchema } from './json-schema.ts';

export const CRDS: readonly CustomResourceDefinition[] = [showtimeCrd, showtimeScheduleCrd];
