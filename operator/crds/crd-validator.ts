// Validates a custom resource as the API server would before storing it: the CRD's structural
// schema through ajv 8 (types, required, enums, formats, bounds, list types; unknown fields
// rejected as with kubectl's strict field validation, or pruned), then its CEL rules.
import { Ajv } from 'ajv';
import type { ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { compileCelRules } from './cel.ts';
import type { CelValidator } from './cel.ts';
import type { CustomResourceDefinition } from './crd-types.ts';
import { LIST_MAP_KEYWORD, toJsonSchema } from './json-schema.ts';

export interface FieldError {
  /** As the API server writes it in Status causes: `spec.timesOfDay[2]`. */
  field: string;
  /** The metav1 cause type: FieldValueRequired, FieldValueNotSupported, FieldValueInvalid... */
  reason: string;
  message: string;
}

export interface ValidatorOptions {
  /** 'reject' (default; kubectl's strict field validation) or 'prune' (the server's default). */
  unknownFields?: 'reject' | 'prune';
  /** Fill in schema defaults in place, as the API server does on create and update. */
  applyDefaults?: boolean;
}

export interface CustomResourceValidator {
  /** Every problem with `object` ([] when valid); `oldObject` enables transition rules. */
  validate(object: unknown, oldObject?: unknown): FieldError[];
}

const GO_DURATION = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))+$|^0$/;

export function createAjv(options: ValidatorOptions = {}): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    allowUnionTypes: true,
    useDefaults: options.applyDefaults ?? false,
    removeAdditional: options.unknownFields === 'prune',
  });
  addFormatsModule.default(ajv, ['date', 'date-time', 'uuid', 'byte', 'int32', 'int64']);
  ajv.addFormat('duration', GO_DURATION);
  ajv.addKeyword({
    keyword: LIST_MAP_KEYWORD,
    type: 'array',
    schemaType: 'array',
    validate: (keys: string[], data: unknown[]) => duplicateIndex(keys, data) === -1,
  });
  return ajv;
}

function duplicateIndex(keys: readonly string[], items: readonly unknown[]): number {
  const seen = new Set<string>();
  for (const [index, item] of items.entries()) {
    const key = JSON.stringify(keys.map((k) => (item as Record<string, unknown> | null)?.[k]));
    if (seen.has(key)) return index;
    seen.add(key);
  }
  return -1;
}

/** `/spec/timesOfDay/0` in `data` -> `spec.timesOfDay[0]`. */
function fieldOf(instancePath: string, data: unknown): string {
  let field = '';
  let at: unknown = data;
  for (const raw of instancePath.split('/').slice(1)) {
    const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    field += Array.isArray(at) ? `[${segment}]` : field ? `.${segment}` : segment;
    at = (at as Record<string, unknown> | undefined)?.[segment];
  }
  return field;
}

function valueAt(instancePath: string, data: unknown): unknown {
  return instancePath
    .split('/')
    .slice(1)
    .reduce<unknown>(
      (at, raw) =>
        (at as Record<string, unknown> | undefined)?.[
          raw.replaceAll('~1', '/').replaceAll('~0', '~')
        ],
      data,
    );
}

function toFieldError(error: ErrorObject, data: unknown): FieldError {
  const field = fieldOf(error.instancePath, data);
  const join = (name: string) => (field ? `${field}.${name}` : name);
  const value = valueAt(error.instancePath, data);
  const shown = JSON.stringify(value) ?? 'undefined';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return {
        field: join(String(params.missingProperty)),
        reason: 'FieldValueRequired',
        message: 'Required value',
      };
    case 'additionalProperties': {
      const name = join(String(params.additionalProperty));
      return { field: name, reason: 'FieldValueInvalid', message: `unknown field "${name}"` };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
      return {
        field,
        reason: 'FieldValueNotSupported',
        message: `Unsupported value: ${shown}: supported values: ${allowed}`,
      };
    }
    case 'type':
      return {
        field,
        reason: 'FieldValueTypeInvalid',
        message: `Invalid value: ${shown}: must be of type ${String(params.type)}`,
      };
    case 'maxLength':
      return {
        field,
        reason: 'FieldValueTooLong',
        message: `Too long: may not be more than ${String(params.limit)} characters`,
      };
    case 'maxItems':
      return {
        field,
        reason: 'FieldValueTooMany',
        message: `Too many: must have at most ${String(params.limit)} items`,
      };
    case 'uniqueItems':
      // ajv names both copies; the API server names the later one.
      return {
        field: `${field}[${Math.max(Number(params.i), Number(params.j))}]`,
        reason: 'FieldValueDuplicate',
        message: `Duplicate value: ${JSON.stringify((value as unknown[])[Number(params.i)])}`,
      };
    case LIST_MAP_KEYWORD: {
      const keys = (error.parentSchema as Record<string, string[]>)[LIST_MAP_KEYWORD] ?? [];
      const index = duplicateIndex(keys, value as unknown[]);
      return {
        field: `${field}[${index}]`,
        reason: 'FieldValueDuplicate',
        message: `Duplicate value: another item has the same ${keys.join(', ')}`,
      };
    }
    default:
      return {
        field,
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${shown}: ${error.message ?? error.keyword}`,
      };
  }
}

interface VersionValidator {
  schema: (data: unknown) => boolean;
  errors: () => ErrorObject[];
  cel: CelValidator;
}

export function createCustomResourceValidator(
  crd: CustomResourceDefinition,
  options: ValidatorOptions = {},
): CustomResourceValidator {
  const ajv = createAjv({ ...options, unknownFields: options.unknownFields ?? 'reject' });
  const byApiVersion = new Map<string, VersionValidator>();
  for (const version of crd.spec.versions.filter((v) => v.served)) {
    const root = version.schema.openAPIV3Schema;
    const compiled = ajv.compile(toJsonSchema(root));
    byApiVersion.set(`${crd.spec.group}/${version.name}`, {
      schema: (data) => compiled(data),
      errors: () => compiled.errors ?? [],
      cel: compileCelRules(root),
    });
  }
  return {
    validate(object, oldObject) {
      const typed = (object ?? {}) as { apiVersion?: unknown; kind?: unknown };
      const version = byApiVersion.get(String(typed.apiVersion));
      if (!version) {
        const served = [...byApiVersion.keys()].map((v) => JSON.stringify(v)).join(', ');
        return [
          {
            field: 'apiVersion',
            reason: 'FieldValueNotSupported',
            message: `Unsupported value: ${JSON.stringify(typed.apiVersion)}: supported values: ${served}`,
          },
        ];
      }
      if (typed.kind !== crd.spec.names.kind) {
        return [
          {
            field: 'kind',
            reason: 'FieldValueNotSupported',
            message: `Unsupported value: ${JSON.stringify(typed.kind)}: supported values: "${crd.spec.names.kind}"`,
          },
        ];
      }
      // CEL rules see well-typed values only, so they run once the schema holds.
      if (!version.schema(object)) return version.errors().map((e) => toFieldError(e, object));
      return version.cel.validate(object, oldObject);
    },
  };
}
