// What the operator bench runs against: identity, catalog (demo data) and showtimes each its own
// process on a fresh PostgreSQL database, the fake Kubernetes API in this process, and the
// operator as its own process from operator/src/main.ts with a kubeconfig file, as in a cluster.
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@marquee/kit/testing';
import { stringify } from 'yaml';
import { CRDS } from '../../operator/crds/index.ts';
import { startFakeApiServer, type FakeApiServer } from '../../operator/fake-apiserver/index.ts';
import { freePort, startProcess, type ServiceProcess } from '../lib/services.ts';

export interface OperatorBenchPlatform {
  fake: FakeApiServer;
  catalogUrl: string;
  /** Process ids by name (this process is `bench+fake`), for CPU accounting. */
  pids: Record<string, number | undefined>;
  databases: string[];
  operator: { child: ChildProcess; metricsUrl: string; output(): string };
  /** SIGTERM to the operator; resolves with its exit code. */
  stopOperator(): Promise<number | null>;
  stop(): Promise<void>;
}

const entry = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

export async function startOperatorBenchPlatform(
  env: Record<string, string>,
): Promise<OperatorBenchPlatform> {
  const databases: TestDatabase[] = [];
  const processes: ServiceProcess[] = [];
  const dataDir = await mkdtemp(join(tmpdir(), 'marquee-operator-bench-'));
  let fake: FakeApiServer | undefined;
  let operatorChild: ChildProcess | undefined;
  const stop = async () => {
    if (operatorChild && operatorChild.exitCode === null) operatorChild.kill('SIGKILL');
    for (const p of processes.reverse()) await p.stop();
    await fake?.close();
    await Promise.allSettled(databases.map((db) => db.drop()));
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const db = async (name: string) => {
      const created = await createTestDatabase(`marquee_opbench_${name}`);
      databases.push(created);
      return created.url;
    };
    const secret = randomBytes(32).toString('hex');
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const identity = await startProcess(entry('services/identity/src/main.ts'), {
      DATA_DIR: dataDir,
      DATABASE_URL: await db('identity'),
      JWT_PRIVATE_KEY: JSON.stringify(key.export({ format: 'jwk' })),
      SERVICE_CLIENTS: `operator:${secret}`,
    });
    processes.push(identity);
    const JWKS_URL = `${identity.url}/.well-known/jwks.json`;
    const catalog = await startProcess(entry('services/catalog/src/main.ts'), {
      DATA_DIR: dataDir,
      DATABASE_URL: await db('catalog'),
      JWKS_URL,
      SEED_DEMO_DATA: 'true',
    });
    processes.push(catalog);
    const showtimes = await startProcess(entry('services/showtimes/src/main.ts'), {
      DATA_DIR: dataDir,
      DATABASE_URL: await db('showtimes'),
      JWKS_URL,
      CATALOG_URL: catalog.url,
    });
    processes.push(showtimes);

    fake = await startFakeApiServer({ crds: [...CRDS] as never, logger: { warn: () => {} } });
    const kubeconfig = join(dataDir, 'kubeconfig.yaml');
    await writeFile(
      kubeconfig,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          { name: 'fake', cluster: { server: fake.url, 'insecure-skip-tls-verify': true } },
        ],
        users: [{ name: 'operator', user: { token: 'operator-token' } }],
        contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'operator' } }],
        'current-context': 'fake',
      }),
    );
    const port = await freePort();
    let output = '';
    // BENCH_PROFILE_DIR: a V8 CPU profile of the operator, written when it exits.
    const profile = process.env.BENCH_PROFILE_DIR
      ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE_DIR]
      : [];
    operatorChild = spawn(process.execPath, [...profile, entry('operator/src/main.ts')], {
      env: {
        ...process.env,
        LOG_LEVEL: 'warn',
        KUBECONFIG: kubeconfig,
        SHOWTIMES_URL: showtimes.url,
        SERVICE_TOKEN_URL: `${identity.url}/api/auth/token`,
        SERVICE_CLIENT_ID: 'operator',
        SERVICE_CLIENT_SECRET: secret,
        HOST: '127.0.0.1',
        HEALTH_PORT: String(port),
        METRICS_PORT: String(port),
        POD_NAME: 'operator-bench',
        LEASE_NAMESPACE: 'default',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    operatorChild.stdout?.on('data', (d) => (output += String(d)));
    operatorChild.stderr?.on('data', (d) => (output += String(d)));
    const metricsUrl = `http://127.0.0.1:${port}`;
    const child = operatorChild;
    for (const deadline = Date.now() + 60_000; ;) {
      if (child.exitCode !== null) throw new Error(`operator exited:\n${output}`);
      if (Date.now() > deadline) throw new Error(`operator not ready:\n${output}`);
      const ready = await fetch(`${metricsUrl}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    return {
      fake,
      catalogUrl: catalog.url,
      pids: {
        'bench+fake': process.pid,
        operator: child.pid,
        identity: identity.child.pid,
        catalog: catalog.child.pid,
        showtimes: showtimes.child.pid,
      },
      databases: databases.map((d) => d.name),
      operator: { child, metricsUrl, output: () => output },
      stopOperator: () =>
        new Promise((resolve) => {
          if (child.exitCode !== null) return resolve(child.exitCode);
          child.once('exit', (code) => resolve(code));
          child.kill('SIGTERM');
        }),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
