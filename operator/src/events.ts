// Kubernetes Events (core/v1) on a resource's transitions, as `kubectl describe` shows them.
// Events are advisory, as client-go's recorder treats them: one the API refuses is logged and
// dropped, because the resource's conditions already carry the truth and a reconcile must not
// fail, nor repeat its real work, for want of a note about it.
import type { CoreV1Event } from '@kubernetes/client-node';
import type { Logger } from '@marquee/kit/logging';
import type { KubeApi } from './kube/kube-api.ts';
import type { Resource } from './kube/resources.ts';

export type EventType = 'Normal' | 'Warning';

export interface EventRecorder {
  record(object: Resource, type: EventType, reason: string, message: string): Promise<void>;
}

export interface EventRecorderOptions {
  api: KubeApi;
  logger: Logger;
  /** reportingComponent / source.component */
  component: string;
  /** reportingInstance: this replica */
  instance: string;
  now?: () => Date;
}

/** The Event for one transition of `object`; a pure function, for tests. */
export function buildEvent(
  object: Resource,
  type: EventType,
  reason: string,
  message: string,
  reporter: { component: string; instance: string; now: Date },
): CoreV1Event {
  const { metadata } = object;
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { generateName: `${metadata.name}.`, namespace: metadata.namespace },
    involvedObject: {
      apiVersion: object.apiVersion,
      kind: object.kind,
      name: metadata.name,
      namespace: metadata.namespace,
      uid: metadata.uid,
      resourceVersion: metadata.resourceVersion,
    },
    type,
    reason,
    // The API server caps an event's message at 1 KiB.
    message: message.length > 1024 ? `${message.slice(0, 1021)}...` : message,
    source: { component: reporter.component },
    reportingComponent: reporter.component,
    reportingInstance: reporter.instance,
    firstTimestamp: reporter.now,
    lastTimestamp: reporter.now,
    count: 1,
  };
}

export function createEventRecorder(options: EventRecorderOptions): EventRecorder {
  const now = options.now ?? (() => new Date());
  return {
    async record(object, type, reason, message) {
      const event = buildEvent(object, type, reason, message, {
        component: options.component,
        instance: options.instance,
        now: now(),
      });
      try {
        await options.api.createEvent(object.metadata.namespace, event);
      } catch (err) {
        options.logger.warn(
          { err, object: `${object.metadata.namespace}/${object.metadata.name}`, reason },
          'event not recorded',
        );
      }
    },
  };
}
