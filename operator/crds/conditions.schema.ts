// Status conditions in the metav1.Condition shape, with the validation the upstream type carries,
// so `kubectl wait --for=condition=Ready` and generic tooling read them as they read built-ins.
import type { JSONSchemaProps } from './crd-types.ts';

export const CONDITION_TYPE_PATTERN =
  '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$';
export const CONDITION_REASON_PATTERN = '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$';

export const conditionSchema: JSONSchemaProps = {
  type: 'object',
  description:
    'One aspect of the current state of this resource (metav1.Condition): Ready, InventoryProvisioned.',
  required: ['type', 'status', 'lastTransitionTime', 'reason', 'message'],
  properties: {
    type: {
      type: 'string',
      maxLength: 316,
      pattern: CONDITION_TYPE_PATTERN,
      description: 'Type of condition in CamelCase, e.g. Ready or InventoryProvisioned.',
    },
    status: {
      type: 'string',
      enum: ['True', 'False', 'Unknown'],
      description: 'Status of the condition, one of True, False, Unknown.',
    },
    observedGeneration: {
      type: 'integer',
      format: 'int64',
      minimum: 0,
      description:
        'The .metadata.generation the condition was set from; older than the current generation means the condition is out of date.',
    },
    lastTransitionTime: {
      type: 'string',
      format: 'date-time',
      description: 'When the condition last changed from one status to another.',
    },
    reason: {
      type: 'string',
      minLength: 1,
      maxLength: 1024,
      pattern: CONDITION_REASON_PATTERN,
      description:
        "A programmatic identifier for the condition's last transition in CamelCase, e.g. Provisioned, ScheduleConflict, BlockedBySales.",
    },
    message: {
      type: 'string',
      maxLength: 32768,
      description: 'A human readable message with details about the transition; may be empty.',
    },
  },
};

export const conditionsSchema: JSONSchemaProps = {
  type: 'array',
  description: 'The latest observations of the resource, one per condition type.',
  maxItems: 8,
  items: conditionSchema,
  'x-kubernetes-list-type': 'map',
  'x-kubernetes-list-map-keys': ['type'],
};
