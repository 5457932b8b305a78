// Authentication and roles: token verification against identity's keys and the Express guards built on it.
export {
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  ROLES,
  isRole,
  type Principal,
  type Role,
  type TokenVerifier,
} from './principal.ts';
export {
  ACCEPTED_ALGORITHMS,
  createJwksVerifier,
  createKeySetVerifier,
  publicJwk,
  type JwksVerifierOptions,
  type KeySetVerifierOptions,
  type TokenExpectations,
} from './token-verifier.ts';
export {
  authenticate,
  authorize,
  bearerToken,
  principalOf,
  requirePrincipal,
  requireRole,
  type AuthenticateOptions,
  type AuthRequirement,
} from './middleware.ts';
export {
  createTestIssuer,
  generateTestSigningKey,
  serveJwks,
  type TestClaims,
  type TestIssuer,
  type TestJwksServer,
  type TestSigningKey,
  type TestTokenOptions,
} from './test-issuer.ts';
export {
  basicCredentials,
  createServiceTokenSource,
  serviceTokenSourceFromConfig,
  staticTokenSource,
  type ServiceClientConfig,
  type ServiceTokenSource,
  type ServiceTokenSourceOptions,
} from './service-token-source.ts';
