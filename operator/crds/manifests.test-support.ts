// Test support: every manifest under k8s/ as parsed documents, and the offline checks for the
// built-in kinds: the upstream OpenAPI schemas (kubernetes-models) plus unknown-field detection
// from @kubernetes/client-node's generated models, since the upstream schemas allow any field.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as k8s from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';

export const K8S_DIR = fileURLToPath(new URL('../../k8s/', import.meta.url));

export interface ManifestDocument {
  /** Relative to k8s/, e.g. `operator/rbac.yaml#2`. */
  where: string;
  file: string;
  doc: Record<string, unknown> & { apiVersion?: string; kind?: string };
}

async function yamlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return yamlFiles(path);
      return Promise.resolve(/\.ya?ml$/.test(entry.name) ? [path] : []);
    }),
  );
  return nested.flat().sort();
}

/** Every YAML document under `dir`; a syntax error throws naming the file. */
export async function loadManifests(dir = K8S_DIR): Promise<ManifestDocument[]> {
  const documents: ManifestDocument[] = [];
  for (const path of await yamlFiles(dir)) {
    const file = relative(dir, path);
    const parsed = parseAllDocuments(await readFile(path, 'utf8'));
    for (const [index, document] of parsed.entries()) {
      if (document.errors.length > 0)
        throw new Error(`${file}#${index}: ${document.errors[0]?.message}`);
      const doc: unknown = document.toJS();
      if (doc === null || doc === undefined) continue;
      documents.push({ where: `${file}#${index}`, file, doc: doc as ManifestDocument['doc'] });
    }
  }
  return documents;
}

interface Attribute {
  baseName: string;
  type: string;
}
type ModelClass = { getAttributeTypeMap?: () => Attribute[] };
const models = k8s as unknown as Record<string, ModelClass | undefined>;

function unknownFieldsOf(value: unknown, type: string, path: string, out: string[]): void {
  if (value === null || value === undefined) return;
  const array = /^Array<(.+)>$/.exec(type);
  if (array?.[1]) {
    if (Array.isArray(value))
      value.forEach((v, i) => unknownFieldsOf(v, array[1] as string, `${path}[${i}]`, out));
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map?.[1]) {
    for (const [k, v] of Object.entries(value)) unknownFieldsOf(v, map[1], `${path}[${k}]`, out);
    return;
  }
  const attributes = models[type]?.getAttributeTypeMap?.();
  if (!attributes || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    const attribute = attributes.find((a) => a.baseName === key);
    if (!attribute) out.push(`${path ? `${path}.` : ''}${key}`);
    else unknownFieldsOf(child, attribute.type, `${path ? `${path}.` : ''}${key}`, out);
  }
}

/** `apps/v1` + `Deployment` -> `V1Deployment`, the client's name for the type. */
function modelName(apiVersion: string, kind: string): string {
  const version = apiVersion.split('/').pop() ?? '';
  return `${version.charAt(0).toUpperCase()}${version.slice(1)}${kind}`;
}

/**
 * Problems with a built-in object ([] when valid): schema violations from the upstream OpenAPI
 * and fields the API would reject under strict field validation (kubectl's default).
 */
export async function validateBuiltIn(doc: ManifestDocument['doc']): Promise<string[]> {
  const { apiVersion, kind } = doc;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string')
    return ['apiVersion and kind are required'];
  let Model: new (data: unknown) => { validate(): void };
  try {
    const module = (await import(
      /* @vite-ignore */ `kubernetes-models/${apiVersion}/${kind}`
    )) as Record<string, typeof Model>;
    Model = module[kind] as typeof Model;
  } catch {
    return [`no offline schema for ${apiVersion} ${kind}`];
  }
  const problems: string[] = [];
  try {
    new Model(doc).validate();
  } catch (error) {
    problems.push((error as Error).message);
  }
  const name = modelName(apiVersion, kind);
  if (!models[name]?.getAttributeTypeMap)
    return [...problems, `no client model ${name} to check fields`];
  const unknown: string[] = [];
  unknownFieldsOf(doc, name, '', unknown);
  return [...problems, ...unknown.map((field) => `unknown field "${field}"`)];
}
