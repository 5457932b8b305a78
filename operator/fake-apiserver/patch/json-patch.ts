// JSON patch (RFC 6902): add, remove, replace, move, copy and test over JSON pointers (RFC 6901).
import { badRequest, ApiError } from '../status.ts';
import { clone, deepEqual, isObject } from '../types.ts';

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

/** A patch the document cannot take: the real server answers 422 for these. */
function rejected(message: string): ApiError {
  return new ApiError(422, 'Invalid', message);
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw badRequest(`invalid JSON pointer "${pointer}"`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = Record<string, unknown> | unknown[];

function parentOf(
  doc: unknown,
  tokens: string[],
  pointer: string,
): { parent: Container; key: string } {
  let current = doc;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(current)) current = current[Number(token)];
    else if (isObject(current)) current = current[token];
    else current = undefined;
    if (current === undefined) throw rejected(`doc is missing path: "${pointer}": missing value`);
  }
  if (!Array.isArray(current) && !isObject(current))
    throw rejected(`doc is missing path: "${pointer}": missing value`);
  return { parent: current, key: tokens[tokens.length - 1] ?? '' };
}

function arrayIndex(parent: unknown[], key: string, forInsert: boolean, pointer: string): number {
  if (forInsert && key === '-') return parent.length;
  const index = Number(key);
  const limit = forInsert ? parent.length : parent.length - 1;
  if (!/^\d+$/.test(key) || index > limit)
    throw rejected(`unable to access invalid index: ${key} in "${pointer}"`);
  return index;
}

function read(doc: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return doc;
  const { parent, key } = parentOf(doc, tokens, pointer);
  const value = Array.isArray(parent)
    ? parent[arrayIndex(parent, key, false, pointer)]
    : parent[key];
  if (value === undefined) throw rejected(`doc is missing path: "${pointer}": missing value`);
  return value;
}

function add(doc: unknown, pointer: string, value: unknown): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return clone(value);
  const { parent, key } = parentOf(doc, tokens, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, true, pointer), 0, clone(value));
  else parent[key] = clone(value);
  return doc;
}

function remove(doc: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  const { parent, key } = parentOf(doc, tokens, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, false, pointer), 1);
  else if (!(key in parent)) throw rejected(`doc is missing path: "${pointer}": missing value`);
  else delete parent[key];
  return doc;
}

export function applyJsonPatch(target: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) throw badRequest('json patch must be an array of operations');
  let doc = clone(target);
  for (const raw of operations as Operation[]) {
    if (!isObject(raw) || typeof raw.path !== 'string')
      throw badRequest('json patch operation needs "op" and "path"');
    switch (raw.op) {
      case 'add':
        doc = add(doc, raw.path, raw.value);
        break;
      case 'remove':
        doc = remove(doc, raw.path);
        break;
      case 'replace':
        read(doc, raw.path);
        doc = add(remove(doc, raw.path), raw.path, raw.value);
        break;
      case 'move': {
        const value = read(doc, raw.from ?? '');
        doc = add(remove(doc, raw.from ?? ''), raw.path, value);
        break;
      }
      case 'copy':
        doc = add(doc, raw.path, read(doc, raw.from ?? ''));
        break;
      case 'test':
        if (!deepEqual(read(doc, raw.path), raw.value))
          throw rejected(`testing value ${raw.path} failed: test failed`);
        break;
      default:
        throw badRequest(`unexpected json patch operation "${String(raw.op)}"`);
    }
  }
  return doc;
}
