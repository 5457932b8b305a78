// Offline validation of everything under k8s/: the committed CRDs are exactly what the sources
// generate, every document validates (built-ins against the upstream Kubernetes schemas with
// unknown fields rejected, custom resources against their CRD), and RBAC grants only what the
// operator uses.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createCustomResourceValidator } from './crd-validator.ts';
import { CINEMA_GROUP, CRDS } from './index.ts';
import { K8S_DIR, loadManifests, validateBuiltIn } from './manifests.test-support.ts';
import type { ManifestDocument } from './manifests.test-support.ts';
import { CRD_DIR, crdFileName, renderCrd } from './render.ts';

const manifests = await loadManifests();
const validators = new Map(
  CRDS.map((crd) => [crd.spec.names.kind, createCustomResourceValidator(crd)]),
);
const isKustomization = (m: ManifestDocument) =>
  m.doc.kind === 'Kustomization' || m.doc.kind === 'Component';

describe('generated CRDs', () => {
  it.each(CRDS.map((crd) => [crdFileName(crd), crd] as const))(
    'k8s/crds/%s is what npm run generate:crds writes',
    async (file, crd) => {
      expect(await readFile(join(CRD_DIR, file), 'utf8')).toBe(await renderCrd(crd));
    },
  );

  it('k8s/crds holds the generated CRDs and their kustomization, nothing else', async () => {
    const files = (await readdir(CRD_DIR)).sort();
    expect(files).toEqual([...CRDS.map(crdFileName), 'kustomization.yaml'].sort());
  });

  it('generate:crds --check accepts the committed files', async () => {
    const script = new URL('./generate.ts', import.meta.url).pathname;
    const { stdout } = await promisify(execFile)(process.execPath, [script, '--check']);
    expect(stdout).toContain('up to date');
  });
});

describe('every manifest under k8s/', () => {
  it('finds the operator, CRD and sample manifests', () => {
    const files = new Set(manifests.map((m) => m.file));
    for (const file of [
      'operator/deployment.yaml',
      'operator/rbac.yaml',
      'crds/kustomization.yaml',
      'samples/showtime.yaml',
    ]) {
      expect(files).toContain(file);
    }
  });

  const builtIns = manifests.filter(
    (m) => !isKustomization(m) && !String(m.doc.apiVersion).startsWith(`${CINEMA_GROUP}/`),
  );
  it.each(builtIns.map((m) => [m.where, m.doc.kind, m] as const))(
    '%s (%s) validates against the Kubernetes schema',
    async (_where, _kind, manifest) => {
      expect(await validateBuiltIn(manifest.doc)).toEqual([]);
    },
  );

  const custom = manifests.filter((m) => String(m.doc.apiVersion).startsWith(`${CINEMA_GROUP}/`));
  it.each(custom.map((m) => [m.where, m.doc.kind, m] as const))(
    '%s (%s) validates against its CRD',
    (_where, kind, manifest) => {
      const validator = validators.get(String(kind));
      expect(validator, `a CRD for ${String(kind)}`).toBeDefined();
      expect(validator?.validate(structuredClone(manifest.doc))).toEqual([]);
    },
  );

  // Kustomization files have no Kubernetes schema (kustomize reads them, the API never does):
  // they are skipped by kind, and only checked to name files that exist.
  it.each(manifests.filter(isKustomization).map((m) => [m.where, m] as const))(
    '%s lists only files that exist',
    (_where, manifest) => {
      const resources = (manifest.doc.resources ?? []) as string[];
      expect(resources.length).toBeGreaterThan(0);
      for (const resource of resources) {
        expect(existsSync(join(K8S_DIR, dirname(manifest.file), resource)), resource).toBe(true);
      }
    },
  );

  it('the validation can fail: a typo and a wrong type are caught', async () => {
    const deployment = manifests.find((m) => m.file === 'operator/deployment.yaml')?.doc;
    const broken = structuredClone(deployment) as { spec: Record<string, unknown> };
    broken.spec.replicas = 'two';
    broken.spec.strategyy = { type: 'Recreate' };
    const problems = await validateBuiltIn(broken as ManifestDocument['doc']);
    expect(problems.join('\n')).toMatch(/replicas must be integer/);
    expect(problems).toContain('unknown field "spec.strategyy"');
    expect(await validateBuiltIn({ apiVersion: 'example.com/v1', kind: 'Widget' })).toEqual([
      'no offline schema for example.com/v1 Widget',
    ]);
  });
});

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

describe('operator RBAC', () => {
  const roles = manifests.filter((m) => m.doc.kind === 'ClusterRole' || m.doc.kind === 'Role');
  const rules = roles.flatMap((m) => (m.doc.rules ?? []) as Rule[]);

  it('has no wildcards and no non-resource URLs', () => {
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      for (const value of [
        ...(rule.apiGroups ?? []),
        ...(rule.resources ?? []),
        ...(rule.verbs ?? []),
      ]) {
        expect(value).not.toContain('*');
      }
      expect(rule.nonResourceURLs).toBeUndefined();
    }
  });

  it('grants exactly what the operator uses', () => {
    const granted = new Set(
      rules.flatMap((rule) =>
        (rule.apiGroups ?? []).flatMap((group) =>
          (rule.resources ?? []).flatMap((resource) =>
            (rule.verbs ?? []).map((verb) => `${group}|${resource}|${verb}`),
          ),
        ),
      ),
    );
    // Exactly what operator/src/kube/kube-api.ts calls, nothing more.
    const expected = [
      ...['get', 'list', 'watch', 'patch', 'create', 'delete'].map(
        (v) => `${CINEMA_GROUP}|showtimes|${v}`,
      ),
      ...['get', 'list', 'watch'].map((v) => `${CINEMA_GROUP}|showtimeschedules|${v}`),
      `${CINEMA_GROUP}|showtimes/status|update`,
      `${CINEMA_GROUP}|showtimeschedules/status|update`,
      `${CINEMA_GROUP}|showtimeschedules/finalizers|update`,
      '|events|create',
      ...['get', 'create', 'update'].map((v) => `coordination.k8s.io|leases|${v}`),
    ];
    expect([...granted].sort()).toEqual(expected.sort());
  });

  it('keeps the Lease grant to the operator namespace and binds both roles to its ServiceAccount', () => {
    const leaseRole = roles.find((m) =>
      ((m.doc.rules ?? []) as Rule[]).some((r) => r.resources?.includes('leases')),
    );
    expect(leaseRole?.doc.kind).toBe('Role');
    const deployment = manifests.find((m) => m.file === 'operator/deployment.yaml')?.doc as {
      metadata: { namespace: string };
      spec: { template: { spec: { serviceAccountName: string } } };
    };
    const namespace = deployment.metadata.namespace;
    const account = deployment.spec.template.spec.serviceAccountName;
    expect((leaseRole?.doc.metadata as { namespace?: string }).namespace).toBe(namespace);
    const accounts = manifests
      .filter((m) => m.doc.kind === 'ServiceAccount')
      .map((m) => m.doc.metadata);
    expect(accounts).toContainEqual(expect.objectContaining({ name: account, namespace }));
    for (const role of roles) {
      const name = (role.doc.metadata as { name: string }).name;
      const binding = manifests.find(
        (m) => (m.doc.roleRef as { kind?: string; name?: string } | undefined)?.name === name,
      )?.doc as { roleRef: { kind: string }; subjects: unknown[] } | undefined;
      expect(binding?.roleRef.kind, name).toBe(role.doc.kind);
      expect(binding?.subjects).toEqual([{ kind: 'ServiceAccount', name: account, namespace }]);
    }
  });
});
