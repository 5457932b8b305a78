// x-kubernetes-validations: CEL rules evaluated with @marcbachmann/cel-js (self, oldSelf, transition rules).
import { Environment, Optional } from '@marcbachmann/cel-js';
import type { StatusCause } from '../status.ts';
import { isObject, type SchemaNode, type ValidationRule } from '../types.ts';
import { toCel } from './cel-values.ts';

export interface CelLogger {
  warn(message: string): void;
}

type Program = (context: Record<string, unknown>) => unknown;

/** Errors that mean the library lacks something the Kubernetes CEL environment has. */
const unsupported =
  /no matching overload|unknown (variable|function)|not supported|is not a function/i;

function buildEnvironment(optionalOldSelf: boolean): Environment {
  return new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: false })
    .registerVariable('self', 'dyn')
    .registerVariable('oldSelf', optionalOldSelf ? 'optional<dyn>' : 'dyn')
    .registerFunction(
      'timestamp(google.protobuf.Timestamp): google.protobuf.Timestamp',
      (t: unknown) => t,
    );
}

const causePrefix: Record<string, string> = {
  FieldValueForbidden: 'Forbidden',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
};

function valueKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (isObject(value)) return 'object';
  return typeof value === 'number'
    ? Number.isInteger(value)
      ? 'integer'
      : 'number'
    : typeof value;
}

export class CelValidator {
  private readonly plain = buildEnvironment(false);
  private readonly optional = buildEnvironment(true);
  private readonly programs = new Map<string, Program>();
  private readonly warned = new Set<string>();
  private readonly logger: CelLogger;
  /** Every rule skipped because the library could not evaluate it (also logged once). */
  readonly skipped: string[] = [];

  constructor(logger: CelLogger) {
    this.logger = logger;
  }

  /** Compiles every rule of a schema; returns the parse errors a real server would refuse the CRD for. */
  compileAll(schema: SchemaNode, path = 'openAPIV3Schema'): string[] {
    const errors: string[] = [];
    (schema['x-kubernetes-validations'] ?? []).forEach((rule, i) => {
      try {
        this.program(rule);
      } catch (err) {
        errors.push(
          `${path}.x-kubernetes-validations[${i}].rule: Invalid value: ${JSON.stringify(rule.rule)}: compilation failed: ${(err as Error).message.split('\n')[0]}`,
        );
      }
    });
    for (const [key, sub] of Object.entries(schema.properties ?? {}))
      errors.push(...this.compileAll(sub, `${path}.properties[${key}]`));
    if (isObject(schema.additionalProperties))
      errors.push(
        ...this.compileAll(
          schema.additionalProperties as SchemaNode,
          `${path}.additionalProperties`,
        ),
      );
    if (schema.items) errors.push(...this.compileAll(schema.items, `${path}.items`));
    return errors;
  }

  /** Evaluates every rule on the new object; transition rules see the old object where it correlates. */
  validate(
    value: unknown,
    old: unknown,
    schema: SchemaNode,
  ): { causes: StatusCause[]; warnings: string[] } {
    const causes: StatusCause[] = [];
    const warnings: string[] = [];
    this.walk(value, old, old !== undefined, schema, '', causes, warnings);
    return { causes, warnings };
  }

  private program(rule: ValidationRule): Program {
    const key = `${rule.optionalOldSelf ? '?' : ''}${rule.rule}`;
    let program = this.programs.get(key);
    if (!program) {
      program = (rule.optionalOldSelf ? this.optional : this.plain).parse(
        rule.rule,
      ) as unknown as Program;
      this.programs.set(key, program);
    }
    return program;
  }

  private skip(rule: ValidationRule, field: string, why: string, warnings: string[]): void {
    const text = `CEL rule ${JSON.stringify(rule.rule)} at ${field || '<root>'} skipped: the CEL library cannot evaluate it (${why})`;
    warnings.push(text);
    if (!this.warned.has(rule.rule)) {
      this.warned.add(rule.rule);
      this.skipped.push(rule.rule);
      this.logger.warn(text);
    }
  }

  private walk(
    value: unknown,
    old: unknown,
    hasOld: boolean,
    schema: SchemaNode,
    field: string,
    causes: StatusCause[],
    warnings: string[],
  ): void {
    if (value === undefined || value === null) return;
    for (const rule of schema['x-kubernetes-validations'] ?? []) {
      const transition = /\boldSelf\b/.test(rule.rule);
      if (transition && !hasOld && !rule.optionalOldSelf) continue;
      this.evaluate(rule, value, old, hasOld, schema, field, causes, warnings);
    }
    const prefix = field === '' ? '' : `${field}.`;
    if (isObject(value)) {
      const oldObject = hasOld && isObject(old) ? old : undefined;
      for (const [key, child] of Object.entries(value)) {
        const sub =
          schema.properties?.[key] ??
          (isObject(schema.additionalProperties)
            ? (schema.additionalProperties as SchemaNode)
            : undefined);
        if (!sub) continue;
        const where = schema.properties?.[key] ? `${prefix}${key}` : `${field}[${key}]`;
        this.walk(
          child,
          oldObject?.[key],
          oldObject !== undefined && key in oldObject,
          sub,
          where,
          causes,
          warnings,
        );
      }
    }
    if (Array.isArray(value) && schema.items) {
      const items = schema.items;
      const keys =
        schema['x-kubernetes-list-type'] === 'map'
          ? (schema['x-kubernetes-list-map-keys'] ?? [])
          : undefined;
      const oldItems = hasOld && Array.isArray(old) && keys ? old : [];
      value.forEach((item, i) => {
        // Only map-type lists correlate items with the old object; atomic lists never do.
        const match =
          keys && isObject(item)
            ? oldItems.find((o) => isObject(o) && keys.every((k) => o[k] === item[k]))
            : undefined;
        this.walk(item, match, match !== undefined, items, `${field}[${i}]`, causes, warnings);
      });
    }
  }

  private evaluate(
    rule: ValidationRule,
    value: unknown,
    old: unknown,
    hasOld: boolean,
    schema: SchemaNode,
    field: string,
    causes: StatusCause[],
    warnings: string[],
  ): void {
    const self = toCel(value, schema, field === '');
    let oldSelf: unknown = hasOld ? toCel(old, schema, field === '') : undefined;
    if (rule.optionalOldSelf) oldSelf = hasOld ? Optional.of(oldSelf) : Optional.none();
    let result: unknown;
    try {
      result = this.program(rule)({ self, oldSelf });
    } catch (err) {
      const message = (err as Error).message.split('\n')[0] ?? '';
      if (unsupported.test(message)) return this.skip(rule, field, message, warnings);
      causes.push({
        reason: 'FieldValueInvalid',
        field: field + (rule.fieldPath ?? ''),
        message: `Invalid value: "${valueKind(value)}": ${message} evaluating rule: ${rule.rule}`,
      });
      return;
    }
    if (result === true) return;
    let message = rule.message ?? `failed rule: ${rule.rule}`;
    if (rule.messageExpression) {
      try {
        const custom = this.plain.evaluate(rule.messageExpression, {
          self,
          oldSelf: hasOld ? oldSelf : undefined,
        });
        if (typeof custom === 'string' && custom.trim() !== '') message = custom;
      } catch {
        // A failing messageExpression falls back to message, as the API server does.
      }
    }
    const reason = rule.reason ?? 'FieldValueInvalid';
    const prefix = causePrefix[reason];
    causes.push({
      reason,
      field: field + (rule.fieldPath ?? ''),
      message: prefix
        ? `${prefix}: ${message}`
        : `Invalid value: "${valueKind(value)}": ${message}`,
    });
  }
}
