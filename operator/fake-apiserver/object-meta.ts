// ObjectMeta rules every resource shares: names, labels, finalizers, owner references.
import { randomBytes } from 'node:crypto';
import type { StatusCause } from './status.ts';
import { isObject, type KubeObject } from './types.ts';

const subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const qualifiedName = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** generateName's suffix alphabet: no vowels, so generated names never spell words. */
const suffixAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

export function generateName(prefix: string): string {
  const bytes = randomBytes(5);
  return prefix + [...bytes].map((b) => suffixAlphabet[b % suffixAlphabet.length]).join('');
}

export function nameCauses(name: string, asLabel: boolean): StatusCause[] {
  const ok = asLabel
    ? name.length <= 63 && dnsLabel.test(name)
    : name.length <= 253 && subdomain.test(name);
  if (ok) return [];
  const message = asLabel
    ? `Invalid value: ${JSON.stringify(name)}: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`
    : `Invalid value: ${JSON.stringify(name)}: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`;
  return [{ reason: 'FieldValueInvalid', field: 'metadata.name', message }];
}

function qualifiedNameOk(key: string): boolean {
  const parts = key.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1] ?? '';
  const prefix = parts.length === 2 ? (parts[0] ?? '') : undefined;
  if (prefix !== undefined && !(prefix.length <= 253 && subdomain.test(prefix))) return false;
  return name.length <= 63 && qualifiedName.test(name);
}

function stringMapCauses(map: unknown, field: string, checkValue: boolean): StatusCause[] {
  if (map === undefined) return [];
  if (!isObject(map))
    return [
      {
        reason: 'FieldValueTypeInvalid',
        field,
        message: 'Invalid value: must be a map of strings',
      },
    ];
  const causes: StatusCause[] = [];
  for (const [key, value] of Object.entries(map)) {
    if (!qualifiedNameOk(key))
      causes.push({
        reason: 'FieldValueInvalid',
        field,
        message: `Invalid value: ${JSON.stringify(key)}: name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
      });
    if (typeof value !== 'string')
      causes.push({
        reason: 'FieldValueTypeInvalid',
        field: `${field}[${key}]`,
        message: 'Invalid value: must be a string',
      });
    else if (checkValue && !(value.length <= 63 && labelValue.test(value)))
      causes.push({
        reason: 'FieldValueInvalid',
        field,
        message: `Invalid value: ${JSON.stringify(value)}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
      });
  }
  return causes;
}

/** The metadata checks of ValidateObjectMeta that matter for the resources the fake serves. */
export function metadataCauses(object: KubeObject, namespaced: boolean): StatusCause[] {
  const meta = object.metadata;
  const causes: StatusCause[] = [];
  if (namespaced && !meta.namespace)
    causes.push({
      reason: 'FieldValueRequired',
      field: 'metadata.namespace',
      message: 'Required value',
    });
  causes.push(...stringMapCauses(meta.labels, 'metadata.labels', true));
  causes.push(...stringMapCauses(meta.annotations, 'metadata.annotations', false));
  (meta.finalizers ?? []).forEach((f, i) => {
    if (typeof f !== 'string' || !qualifiedNameOk(f))
      causes.push({
        reason: 'FieldValueInvalid',
        field: `metadata.finalizers[${i}]`,
        message: `Invalid value: ${JSON.stringify(f)}: name part must consist of alphanumeric characters, '-', '_' or '.'`,
      });
  });
  let controllers = 0;
  (meta.ownerReferences ?? []).forEach((ref, i) => {
    for (const key of ['apiVersion', 'kind', 'name', 'uid'] as const) {
      if (!ref[key])
        causes.push({
          reason: 'FieldValueInvalid',
          field: `metadata.ownerReferences[${i}].${key}`,
          message: `Invalid value: "": ${key} must not be empty`,
        });
    }
    if (ref.controller) controllers += 1;
  });
  if (controllers > 1)
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'metadata.ownerReferences',
      message: 'Invalid value: Only one reference can have Controller set to true',
    });
  return causes;
}

/** Finalizers a write adds to an object already being deleted: forbidden by the API server. */
export function addedFinalizers(old: KubeObject, next: KubeObject): string[] {
  const before = new Set(old.metadata.finalizers ?? []);
  return (next.metadata.finalizers ?? []).filter((f) => !before.has(f));
}
