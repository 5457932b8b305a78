// Shapes of the OAuth2 token endpoint, for its OpenAPI description.
import { z } from 'zod';

const credentialDoc = (name: string) => ({
  type: 'string',
  description: `${name}, when the client does not authenticate with HTTP Basic`,
});

/**
 * The request parameters, described for OpenAPI only: the route reads them itself so that bad
 * input gets an OAuth error rather than problem+json, so this schema accepts anything.
 */
export const tokenRequestDoc = z.unknown().meta({
  type: 'object',
  description:
    'Sent as application/x-www-form-urlencoded (as OAuth clients do) or as a JSON object. ' +
    'Other parameters (such as scope) are ignored.',
  properties: {
    grant_type: { type: 'string', enum: ['client_credentials'] },
    client_id: credentialDoc('The client id'),
    client_secret: credentialDoc('The client secret'),
  },
  required: ['grant_type'],
});

export const tokenResponse = z.object({
  access_token: z.string().describe('ES256/EdDSA JWT with role service and sub = client id'),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int().describe('seconds until the token expires'),
});

export const oauthErrorResponse = z.object({
  error: z.enum(['invalid_request', 'invalid_client', 'unsupported_grant_type']),
  error_description: z.string(),
});
