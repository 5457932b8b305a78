// Admission of custom resources: prune unknown fields, apply defaults, validate schema and CEL rules.
import type { CelValidator } from './schema/cel.ts';
import { pruneAndDefault, unknownFields } from './schema/prune-default.ts';
import { validateObject } from './schema/validate.ts';
import type { StatusCause } from './status.ts';
import type { KubeObject, ResourceType } from './types.ts';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface Admitted {
  object: KubeObject;
  causes: StatusCause[];
  warnings: string[];
}

export function admitCustomResource(
  rt: ResourceType,
  next: KubeObject,
  old: KubeObject | undefined,
  cel: CelValidator,
  fieldValidation: FieldValidation,
): Admitted {
  const schema = rt.schema;
  if (!schema) return { object: next, causes: [], warnings: [] };
  const warnings: string[] = [];
  const causes: StatusCause[] = [];
  const unknown = fieldValidation === 'Ignore' ? [] : unknownFields(next, schema);
  if (fieldValidation === 'Strict') {
    for (const field of unknown)
      causes.push({ reason: 'FieldValueInvalid', field, message: `unknown field "${field}"` });
  } else {
    for (const field of unknown) warnings.push(`unknown field "${field}"`);
  }
  const object = pruneAndDefault(next, schema);
  causes.push(...validateObject(object, schema));
  const rules = cel.validate(object, old, schema);
  causes.push(...rules.causes);
  warnings.push(...rules.warnings);
  return { object, causes, warnings };
}
