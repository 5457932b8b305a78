// Turns zod failures into field-level problems a person can act on.
import type { z } from 'zod';
import { AppError, type FieldProblem } from '../errors/index.ts';

function fieldPath(where: string, path: readonly PropertyKey[]): string {
  let out = where;
  for (const part of path) {
    out += typeof part === 'number' ? `[${part}]` : `.${String(part)}`;
  }
  return out;
}

export function toFieldProblems(where: string, error: z.ZodError): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({
          field: fieldPath(where, [...issue.path, key]),
          message: 'is not a known field',
        });
      }
      continue;
    }
    problems.push({ field: fieldPath(where, issue.path), message: issue.message });
  }
  return problems;
}

/** Parses `value` with `schema` or throws a 400 naming every field at fault. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = toFieldProblems(where, result.error);
  const first = errors[0];
  const detail =
    errors.length === 1 && first
      ? `${first.field} ${first.message}.`
      : `The request has ${errors.length} invalid fields.`;
  throw new AppError('invalid_input', detail, { errors });
}
