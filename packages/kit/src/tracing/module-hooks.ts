// Hooks the ES module loader so instrumentations can patch packages the app reaches through `import`.
import module from 'node:module';
import { register, supportsSyncHooks } from 'import-in-the-middle/register-hooks.mjs';

/**
 * Only packages whose instrumentation patches the entry module an ESM `import` loads. pg and
 * node:http need no hook: their instrumentations patch files reached through `require`. Wrapping
 * every module instead would slow start-up and has broken packages with unusual exports.
 */
const ESM_HOOKED_PACKAGES = ['express'];

let installed = false;

/** Installs the loader hook once per process; must run before the hooked packages are first imported. */
export function installModuleHooks(): void {
  if (installed) return;
  installed = true;
  if (supportsSyncHooks()) {
    register({ include: ESM_HOOKED_PACKAGES });
  } else {
    // Node before 22.22.3: the same loader, run off-thread.
    module.register('import-in-the-middle/hook.mjs', import.meta.url, {
      data: { include: ESM_HOOKED_PACKAGES },
    });
  }
}
