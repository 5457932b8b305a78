// Evaluates a CRD's x-kubernetes-validations (CEL) rules against a custom resource with
// @marcbachmann/cel-js, the way the API server does: `self` is the value at the rule's node,
// transition rules (those naming `oldSelf`) run only on updates where an old value correlates
// (or always, with optionalOldSelf), and an error names the field, message and reason.
import { Environment, Optional } from '@marcbachmann/cel-js';
import type { ASTNode, ParseResult } from '@marcbachmann/cel-js';
import type { JSONSchemaProps, ValidationRule } from './crd-types.ts';
import { celPropertyName, toCelValue } from './cel-values.ts';

export interface CelRuleError {
  /** Where the error is, as the API server writes it: `spec.salesWindow.closesAt`. */
  field: string;
  message: string;
  reason: NonNullable<ValidationRule['reason']>;
  rule: string;
}

/** A rule that does not compile: the API server would refuse the CRD. */
export class CelRuleCompileError extends Error {
  override name = 'CelRuleCompileError';
}

interface CompiledRule {
  source: ValidationRule;
  transition: boolean;
  run: ParseResult;
  message?: ParseResult;
}

export interface CelValidator {
  /** Every rule of the schema with the path of its node, in schema order. */
  readonly rules: readonly { path: string; rule: ValidationRule }[];
  validate(value: unknown, oldValue?: unknown): CelRuleError[];
}

const environment = new Environment({ enableOptionalTypes: true })
  .registerVariable('self', 'dyn')
  .registerVariable('oldSelf', 'dyn');
// With optionalOldSelf, oldSelf is optional.none() on create and optional.of(old) on update.
const optionalOldSelfEnvironment = new Environment({ enableOptionalTypes: true })
  .registerVariable('self', 'dyn')
  .registerVariable('oldSelf', 'optional<dyn>');

function mentionsOldSelf(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(mentionsOldSelf);
  if (typeof node !== 'object' || node === null) return false;
  const ast = node as ASTNode;
  if (ast.op === 'id' && ast.args === 'oldSelf') return true;
  return mentionsOldSelf(ast.args);
}

function join(path: string, relative: string): string {
  if (relative.startsWith('[')) return `${path}${relative}`;
  return path ? `${path}.${relative.replace(/^\./, '')}` : relative.replace(/^\./, '');
}

function parseChecked(expression: string, where: string, env: Environment): ParseResult {
  let parsed: ParseResult;
  try {
    parsed = env.parse(expression);
  } catch (error) {
    throw new CelRuleCompileError(`${where}: ${firstLine((error as Error).message)}`);
  }
  const checked = parsed.check();
  if (!checked.valid) {
    throw new CelRuleCompileError(`${where}: ${firstLine(checked.error?.message ?? 'invalid')}`);
  }
  return parsed;
}

function compile(rule: ValidationRule, path: string): CompiledRule {
  const where = `${path || '<root>'}: ${rule.rule}`;
  const env = rule.optionalOldSelf ? optionalOldSelfEnvironment : environment;
  const run = parseChecked(rule.rule, where, env);
  const message =
    rule.messageExpression === undefined
      ? undefined
      : parseChecked(rule.messageExpression, `${where} (messageExpression)`, env);
  return { source: rule, transition: mentionsOldSelf(run.ast), run, message };
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

function evaluateRule(
  compiled: CompiledRule,
  context: { self: unknown; oldSelf?: unknown },
  path: string,
): CelRuleError | undefined {
  const { source } = compiled;
  const field = source.fieldPath ? join(path, source.fieldPath) : path;
  const reason = source.reason ?? 'FieldValueInvalid';
  let result: unknown;
  try {
    result = compiled.run(context);
  } catch (error) {
    const detail = firstLine((error as Error).message);
    return {
      field,
      reason,
      rule: source.rule,
      message: `evaluating rule "${source.rule}": ${detail}`,
    };
  }
  if (result === true) return undefined;
  let message = source.message ?? `failed rule: ${source.rule}`;
  if (compiled.message) {
    try {
      const computed: unknown = compiled.message(context);
      if (typeof computed === 'string' && computed.trim() !== '') message = computed;
    } catch {
      // The API server falls back to the static message when messageExpression fails.
    }
  }
  return { field, reason, rule: source.rule, message };
}

function mapKey(item: unknown, keys: readonly string[]): string {
  const object = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
  return JSON.stringify(keys.map((k) => object[k]));
}

export function compileCelRules(rootSchema: JSONSchemaProps): CelValidator {
  const compiled = new Map<JSONSchemaProps, CompiledRule[]>();
  const rules: { path: string; rule: ValidationRule }[] = [];
  const visit = (schema: JSONSchemaProps, path: string): void => {
    const own = schema['x-kubernetes-validations'] ?? [];
    if (own.length > 0)
      compiled.set(
        schema,
        own.map((rule) => compile(rule, path)),
      );
    rules.push(...own.map((rule) => ({ path, rule })));
    for (const [name, child] of Object.entries(schema.properties ?? {})) {
      visit(child, join(path, name));
    }
    if (typeof schema.additionalProperties === 'object')
      visit(schema.additionalProperties, join(path, '*'));
    if (schema.items) visit(schema.items, `${path}[*]`);
  };
  visit(rootSchema, '');

  const runRules = (
    schema: JSONSchemaProps,
    value: unknown,
    old: unknown,
    path: string,
    root: boolean,
    errors: CelRuleError[],
  ): void => {
    const own = compiled.get(schema);
    if (!own) return;
    const self = toCelValue(schema, value, root);
    const hasOld = old !== undefined && old !== null;
    const oldCel = hasOld ? toCelValue(schema, old, root) : undefined;
    for (const rule of own) {
      let context: { self: unknown; oldSelf?: unknown } = { self };
      if (rule.source.optionalOldSelf) context = { self, oldSelf: Optional.of(oldCel) };
      else if (rule.transition && !hasOld) continue;
      else if (rule.transition) context = { self, oldSelf: oldCel };
      const error = evaluateRule(rule, context, path);
      if (error) errors.push(error);
    }
  };

  const walk = (
    schema: JSONSchemaProps,
    value: unknown,
    old: unknown,
    path: string,
    root: boolean,
    errors: CelRuleError[],
  ): void => {
    if (value === undefined || value === null) return;
    runRules(schema, value, old, path, root, errors);
    if (Array.isArray(value)) {
      const items = schema.items;
      if (!items) return;
      // Only map lists correlate an item with its old self (by the map keys).
      const keys =
        schema['x-kubernetes-list-type'] === 'map'
          ? schema['x-kubernetes-list-map-keys']
          : undefined;
      const oldByKey = new Map<string, unknown>();
      if (keys && Array.isArray(old))
        for (const item of old) oldByKey.set(mapKey(item, keys), item);
      value.forEach((item, index) => {
        const previous = keys ? oldByKey.get(mapKey(item, keys)) : undefined;
        walk(items, item, previous, `${path}[${index}]`, false, errors);
      });
      return;
    }
    if (typeof value !== 'object') return;
    const object = value as Record<string, unknown>;
    const oldObject = (typeof old === 'object' && old !== null ? old : {}) as Record<
      string,
      unknown
    >;
    for (const [name, child] of Object.entries(schema.properties ?? {})) {
      if ((root && name === 'metadata') || celPropertyName(name) === undefined) continue;
      const embedded = child['x-kubernetes-embedded-resource'] === true;
      walk(child, object[name], oldObject[name], join(path, name), embedded, errors);
    }
    const extra = schema.additionalProperties;
    if (typeof extra === 'object') {
      for (const [key, entry] of Object.entries(object)) {
        walk(extra, entry, oldObject[key], `${path}[${key}]`, false, errors);
      }
    }
  };

  return {
    rules,
    validate(value, oldValue) {
      const errors: CelRuleError[] = [];
      walk(rootSchema, value, oldValue, '', true, errors);
      return errors;
    },
  };
}
