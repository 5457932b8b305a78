// Reads a token request (RFC 6749 4.4.2): its parameters from a form or JSON body and the client's
// credentials from HTTP Basic (2.3.1) or the body, refusing ambiguous requests as invalid_request.
import { OAuthError } from '../domain/client-credentials.service.ts';

export interface TokenRequest {
  grantType: string;
  clientId: string | undefined;
  clientSecret: string | undefined;
}

/** Longer values are refused outright rather than hashed, counted and logged. */
const MAX_PARAMETER_LENGTH = 1024;
const PARAMETERS = ['grant_type', 'client_id', 'client_secret'] as const;
type Parameter = (typeof PARAMETERS)[number];

const invalidRequest = (description: string) => new OAuthError('invalid_request', description);
const badClient = () => new OAuthError('invalid_client', 'Client authentication failed.');

/** application/x-www-form-urlencoded decoding of one value; undefined if it is malformed. */
function formDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/**
 * The credentials of an `Authorization: Basic` header: undefined when the header is absent or of
 * another scheme; invalid_client when it is Basic but unreadable.
 */
export function basicCredentials(
  header: string | undefined,
): { clientId: string; clientSecret: string } | undefined {
  if (header === undefined) return undefined;
  const match = /^Basic[ \t]+([A-Za-z0-9+/]+={0,2})[ \t]*$/i.exec(header);
  if (!match) {
    if (/^Basic(\s|$)/i.test(header)) throw badClient();
    return undefined;
  }
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw badClient();
  const clientId = formDecode(decoded.slice(0, colon));
  const clientSecret = formDecode(decoded.slice(colon + 1));
  if (clientId === undefined || clientSecret === undefined) throw badClient();
  if (clientId.length > MAX_PARAMETER_LENGTH || clientSecret.length > MAX_PARAMETER_LENGTH)
    throw badClient();
  return { clientId, clientSecret };
}

/** The body's parameters: each a string at most once (3.2); unknown ones (such as scope) ignored. */
function bodyParameters(body: unknown): Partial<Record<Parameter, string>> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidRequest('The body must be a form or a JSON object of token request parameters.');
  }
  const found: Partial<Record<Parameter, string>> = {};
  for (const name of PARAMETERS) {
    if (!Object.hasOwn(body, name)) continue;
    const value: unknown = (body as Record<string, unknown>)[name];
    if (Array.isArray(value)) throw invalidRequest(`${name} must not be repeated.`);
    if (typeof value !== 'string') throw invalidRequest(`${name} must be a string.`);
    if (value.length > MAX_PARAMETER_LENGTH) throw invalidRequest(`${name} is too long.`);
    found[name] = value;
  }
  return found;
}

/** Builds the request from the parsed body and the Authorization header; throws OAuthError. */
export function readTokenRequest(body: unknown, authorization: string | undefined): TokenRequest {
  const params = bodyParameters(body);
  if (!params.grant_type) throw invalidRequest('grant_type is required.');
  const basic = basicCredentials(authorization);
  if (basic) {
    // 2.3: a client must not use more than one authentication method in one request.
    if (params.client_secret !== undefined) {
      throw invalidRequest('Send the client credentials either in Basic or in the body, not both.');
    }
    if (params.client_id !== undefined && params.client_id !== basic.clientId) {
      throw invalidRequest('client_id in the body differs from the one in Basic.');
    }
    return { grantType: params.grant_type, ...basic };
  }
  if (params.client_secret !== undefined && params.client_id === undefined) {
    throw invalidRequest('client_secret was sent without client_id.');
  }
  return {
    grantType: params.grant_type,
    clientId: params.client_id,
    clientSecret: params.client_secret,
  };
}
