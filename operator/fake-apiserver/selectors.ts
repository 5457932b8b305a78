// Label and field selectors as list and watch accept them (labels: equality and set-based).
import { badRequest } from './status.ts';
import { isObject, type KubeObject } from './types.ts';

export type Selector = (object: KubeObject) => boolean;

const everything: Selector = () => true;

/** Splits on commas that are not inside a set-based `in (...)` list. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

type LabelTest = (labels: Record<string, string>) => boolean;

function parseLabelRequirement(req: string): LabelTest {
  const set = /^([^\s!=()]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(req);
  if (set) {
    const [, key = '', op, list = ''] = set;
    const values = new Set(list.split(',').map((v) => v.trim()));
    return op === 'in'
      ? (l) => key in l && values.has(l[key] ?? '')
      : (l) => !(key in l) || !values.has(l[key] ?? '');
  }
  const eq = /^([^\s!=]+)\s*(==|=|!=)\s*([^\s,]*)$/.exec(req);
  if (eq) {
    const [, key = '', op, value = ''] = eq;
    return op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value;
  }
  const notExists = /^!\s*([^\s!=()]+)$/.exec(req);
  if (notExists) {
    const key = notExists[1] ?? '';
    return (l) => !(key in l);
  }
  if (/^[^\s!=()]+$/.test(req)) return (l) => req in l;
  throw badRequest(
    `unable to parse requirement: found '${req}', expected: in, notin, =, ==, !=, gt, lt`,
  );
}

export function parseLabelSelector(text: string | null): Selector {
  if (!text) return everything;
  const tests = splitTopLevel(text).map(parseLabelRequirement);
  return (object) => {
    const labels = object.metadata.labels ?? {};
    return tests.every((t) => t(labels));
  };
}

function readPath(object: unknown, path: string): string | undefined {
  let current: unknown = object;
  for (const part of path.split('.')) {
    if (!isObject(current)) return undefined;
    current = current[part];
  }
  if (current === undefined || current === null) return undefined;
  return String(current);
}

/**
 * Field selectors accept only the labels the resource declares: metadata.name and
 * metadata.namespace everywhere, plus a few per built-in (for example involvedObject.* on events).
 */
export function parseFieldSelector(text: string | null, selectable: readonly string[]): Selector {
  if (!text) return everything;
  const allowed = new Set(['metadata.name', 'metadata.namespace', ...selectable]);
  const tests = splitTopLevel(text).map((req) => {
    const m = /^([^!=\s]+)\s*(==|=|!=)\s*(.*)$/.exec(req);
    if (!m) throw badRequest(`invalid selector: '${text}'; can't understand '${req}'`);
    const [, field = '', op, value = ''] = m;
    if (!allowed.has(field)) throw badRequest(`field label not supported: ${field}`);
    return (o: KubeObject) => {
      const actual = readPath(o, field) ?? '';
      return op === '!=' ? actual !== value : actual === value;
    };
  });
  return (object) => tests.every((t) => t(object));
}
