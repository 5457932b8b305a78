// Measures the embedded platform: time from process start to a ready edge, and resident memory,
// on a first start (empty data folder: initdb, migrations, demo data) and on a restart over it.
// Run: npm run measure:startup
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './lib/services.ts';

async function residentMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function startOnce(dataDir: string, label: string) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['services/edge/src/embedded.ts'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`platform exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const readyMs = performance.now() - started;
  await fetch(`${url}/api/movies`);
  const rss = await residentMb(child.pid!);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  console.log(
    `${label.padEnd(14)} ready in ${(readyMs / 1000).toFixed(1)} s, resident memory ${rss} MB`,
  );
}

const dir = await mkdtemp(join(tmpdir(), 'marquee-startup-'));
try {
  await startOnce(join(dir, 'data'), 'first start');
  await startOnce(join(dir, 'data'), 'restart');
} finally {
  await rm(dir, { recursive: true, force: true });
}
