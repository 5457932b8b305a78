// The writes a reconcile makes to its own object: the finalizer on and off (conditional merge
// patches) and the status subresource (PUT with the resourceVersion read). A 409 becomes a
// StaleObjectError (look again at once); a 404 means the object is gone, and so is the work.
import { StaleObjectError } from '../reconcile/errors.ts';
import type { FreshObjects } from './fresh-objects.ts';
import { isConflict, isNotFound, messageOf, type KubeApi } from './kube-api.ts';
import { FINALIZER, keyOf, type Resource, type ResourceKind } from './resources.ts';

export interface ObjectWrites<T extends Resource> {
  /** The object with the finalizer added; undefined when it is gone. */
  addFinalizer(object: T): Promise<T | undefined>;
  /** The object without the finalizer; undefined when it is gone (as it is, once the last goes). */
  removeFinalizer(object: T): Promise<T | undefined>;
  writeStatus(object: T, status: NonNullable<T['status']>): Promise<T | undefined>;
}

export const hasFinalizer = (object: Resource) =>
  object.metadata.finalizers?.includes(FINALIZER) ?? false;

export function createObjectWrites<T extends Resource>(
  api: KubeApi,
  kind: ResourceKind,
  fresh: FreshObjects<T>,
): ObjectWrites<T> {
  async function write(object: T, call: () => Promise<T>): Promise<T | undefined> {
    const key = keyOf(object.metadata);
    try {
      const written = await call();
      fresh.wrote(key, object.metadata.resourceVersion, written);
      return written;
    } catch (err) {
      if (isNotFound(err)) {
        fresh.forget(key);
        return undefined;
      }
      if (isConflict(err)) {
        fresh.forget(key);
        throw new StaleObjectError(`${kind.kind} ${key} changed meanwhile (${messageOf(err)})`);
      }
      throw err;
    }
  }

  function patchFinalizers(object: T, finalizers: string[]) {
    const { metadata } = object;
    return write(object, () =>
      api.mergePatch<T>(kind, metadata.namespace, metadata.name, {
        // The resourceVersion makes the patch conditional: a list that changed meanwhile is not
        // overwritten with our stale copy of it.
        metadata: {
          resourceVersion: metadata.resourceVersion,
          finalizers: finalizers.length > 0 ? finalizers : null,
        },
      }),
    );
  }

  return {
    addFinalizer: (object) =>
      patchFinalizers(object, [...(object.metadata.finalizers ?? []), FINALIZER]),
    removeFinalizer: (object) =>
      patchFinalizers(
        object,
        (object.metadata.finalizers ?? []).filter((f) => f !== FINALIZER),
      ),
    writeStatus: (object, status) =>
      write(object, () =>
        api.replaceStatus<T>(kind, object.metadata.namespace, object.metadata.name, {
          ...object,
          status,
        }),
      ),
  };
}
