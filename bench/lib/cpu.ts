// CPU time spent by processes (Linux /proc), to say where a benchmark's time went: per process,
// for the PostgreSQL backends serving given databases, and for the whole machine (others' work
// on a shared machine shows as the difference).
import { readFile } from 'node:fs/promises';
import pg from 'pg';

/** Clock ticks per second of /proc times (USER_HZ; 100 on Linux). */
const TICKS = 100;

async function processSeconds(pid: number): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces) in parentheses; utime, stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return 0; // gone: its time is lost with it
  }
}

async function machineBusySeconds(): Promise<number> {
  const [cpu] = (await readFile('/proc/stat', 'utf8')).split('\n');
  const [, user, nice, system, , , irq, softirq, steal] = cpu!.trim().split(/\s+/).map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / TICKS;
}

/** The backends connected to these databases now (pool connections live for the whole run). */
async function backendPids(adminUrl: string, databases: string[]): Promise<number[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = ANY($1) AND pid <> pg_backend_pid()',
      [databases],
    );
    return rows.map((r) => r.pid);
  } finally {
    await client.end();
  }
}

export interface CpuSnapshot {
  at: number;
  machine: number;
  processes: Map<string, number>;
  backends: Map<number, number>;
}

export async function cpuSnapshot(
  processes: Record<string, number | undefined>,
  postgres: { adminUrl: string; databases: string[] },
): Promise<CpuSnapshot> {
  const pids = await backendPids(postgres.adminUrl, postgres.databases);
  const entries = Object.entries(processes).filter(
    (e): e is [string, number] => e[1] !== undefined,
  );
  return {
    at: performance.now(),
    machine: await machineBusySeconds(),
    processes: new Map(
      await Promise.all(entries.map(async ([n, pid]) => [n, await processSeconds(pid)] as const)),
    ),
    backends: new Map(
      await Promise.all(pids.map(async (pid) => [pid, await processSeconds(pid)] as const)),
    ),
  };
}

/** CPU seconds used between two snapshots, by process name, plus 'postgres' and the machine's. */
export function cpuUsed(before: CpuSnapshot, after: CpuSnapshot) {
  const byProcess = new Map<string, number>();
  for (const [name, seconds] of after.processes)
    byProcess.set(name, seconds - (before.processes.get(name) ?? 0));
  let postgres = 0;
  // A backend opened during the phase started from zero.
  for (const [pid, seconds] of after.backends)
    postgres += seconds - (before.backends.get(pid) ?? 0);
  byProcess.set('postgres', postgres);
  const ours = [...byProcess.values()].reduce((a, b) => a + b, 0);
  return {
    byProcess,
    ours,
    machine: after.machine - before.machine,
    wallSeconds: (after.at - before.at) / 1000,
  };
}

/** What the CPU time says: per unit of work by process, and the rate the cores would allow. */
export function cpuReport(
  used: ReturnType<typeof cpuUsed>,
  units: number,
  cores: number,
): string[] {
  const ms = (seconds: number) => ((1000 * seconds) / Math.max(1, units)).toFixed(1);
  const parts = [...used.byProcess]
    .sort(([, a], [, b]) => b - a)
    .map(([name, seconds]) => `${name} ${ms(seconds)}`);
  const coresBusy = (seconds: number) => (seconds / used.wallSeconds).toFixed(2);
  return [
    `  CPU ms per confirmed booking: ${parts.join(', ')}; total ${ms(used.ours)} ms`,
    `  cores busy: ${coresBusy(used.machine)} of ${cores} (these processes ${coresBusy(used.ours)}, ` +
      `everything else on the machine ${coresBusy(Math.max(0, used.machine - used.ours))}); ` +
      `${cores} cores at ${ms(used.ours)} ms each allow at most ${((cores * Math.max(1, units)) / used.ours).toFixed(0)} bookings/s`,
  ];
}
