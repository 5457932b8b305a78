// Small schema pieces both CRDs use: ids, instants, the deletion policy, the resource root.
import type { JSONSchemaProps } from './crd-types.ts';

export function uuidField(description: string): JSONSchemaProps {
  return { type: 'string', format: 'uuid', description };
}

/** An RFC 3339 instant; CEL sees it as a timestamp, so rules compare instants, not text. */
export function dateTimeField(description: string): JSONSchemaProps {
  return { type: 'string', format: 'date-time', description };
}

export function dateField(description: string): JSONSchemaProps {
  return { type: 'string', format: 'date', description };
}

export function countField(description: string): JSONSchemaProps {
  return { type: 'integer', format: 'int32', minimum: 0, description };
}

export const observedGenerationField: JSONSchemaProps = {
  type: 'integer',
  format: 'int64',
  minimum: 0,
  description: 'The metadata.generation of the spec this status was computed from.',
};

export function deletionPolicyField(description: string): JSONSchemaProps {
  return { type: 'string', enum: ['Block', 'Cancel'], default: 'Block', description };
}

/** The root of a custom resource: the type fields and metadata are the API server's business. */
export function resourceRoot(
  description: string,
  spec: JSONSchemaProps,
  status: JSONSchemaProps,
  rootRules?: JSONSchemaProps['x-kubernetes-validations'],
): JSONSchemaProps {
  return {
    type: 'object',
    description,
    required: ['spec'],
    properties: {
      apiVersion: {
        type: 'string',
        description:
          'APIVersion defines the versioned schema of this representation of an object. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
      },
      kind: {
        type: 'string',
        description:
          'Kind is a string value representing the REST resource this object represents. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
      },
      metadata: { type: 'object' },
      spec,
      status,
    },
    ...(rootRules ? { 'x-kubernetes-validations': rootRules } : {}),
  };
}
