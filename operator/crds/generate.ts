// `npm run generate:crds` writes k8s/crds/*.yaml from operator/crds/*.crd.ts; with `--check` it
// writes nothing and exits 1 when a committed file differs from what the sources generate.
import { readFile, writeFile } from 'node:fs/promises';
import { CRDS } from './index.ts';
import { CRD_DIR, crdFileName, renderCrd } from './render.ts';

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

const check = process.argv.includes('--check');
const stale: string[] = [];
for (const crd of CRDS) {
  const path = `${CRD_DIR}${crdFileName(crd)}`;
  const text = await renderCrd(crd);
  if ((await readIfPresent(path)) === text) continue;
  stale.push(`k8s/crds/${crdFileName(crd)}`);
  if (!check) await writeFile(path, text);
}

if (check && stale.length > 0) {
  console.error(`out of date: ${stale.join(', ')}; run npm run generate:crds`);
  process.exitCode = 1;
} else {
  console.log(stale.length > 0 ? `wrote ${stale.join(', ')}` : 'k8s/crds is up to date');
}
