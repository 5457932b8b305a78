// Reading token requests: Basic credentials (form-encoded, RFC 6749 2.3.1), body parameters, and
// the ambiguous requests refused as invalid_request.
import { describe, expect, it } from 'vitest';
import { basicCredentials as basicHeader } from '@marquee/kit/auth';
import { OAuthError } from '../domain/client-credentials.service.ts';
import { basicCredentials, readTokenRequest } from './token-request.ts';

const basic = (raw: string) => 'Basic ' + Buffer.from(raw).toString('base64');

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof OAuthError) return err.code;
    throw err;
  }
  return 'accepted';
}

describe('basicCredentials', () => {
  it('reads id and secret, form-decoding both', () => {
    expect(basicCredentials(basic('booking:s3cr3t'))).toEqual({
      clientId: 'booking',
      clientSecret: 's3cr3t',
    });
    expect(basicCredentials(basic('booking:a%3Ab+c%25'))?.clientSecret).toBe('a:b c%');
  });

  it('understands what the kit token source sends', () => {
    expect(basicCredentials(basicHeader('booking', 'p:a ss%w+rd'))).toEqual({
      clientId: 'booking',
      clientSecret: 'p:a ss%w+rd',
    });
  });

  it('ignores other schemes and absent headers', () => {
    expect(basicCredentials(undefined)).toBeUndefined();
    expect(basicCredentials('Bearer abc')).toBeUndefined();
  });

  it('answers invalid_client for an unreadable Basic header', () => {
    expect(codeOf(() => basicCredentials('Basic'))).toBe('invalid_client');
    expect(codeOf(() => basicCredentials('Basic !!!'))).toBe('invalid_client');
    expect(codeOf(() => basicCredentials(basic('no-colon')))).toBe('invalid_client');
    expect(codeOf(() => basicCredentials(basic('booking:%E0%A4%A')))).toBe('invalid_client');
  });
});

describe('readTokenRequest', () => {
  const grant = { grant_type: 'client_credentials' };

  it('takes credentials from Basic or from the body', () => {
    expect(readTokenRequest(grant, basic('booking:s3cr3t'))).toEqual({
      grantType: 'client_credentials',
      clientId: 'booking',
      clientSecret: 's3cr3t',
    });
    expect(
      readTokenRequest({ ...grant, client_id: 'booking', client_secret: 's3cr3t' }, undefined),
    ).toEqual({ grantType: 'client_credentials', clientId: 'booking', clientSecret: 's3cr3t' });
  });

  it('leaves a request without credentials to the grant (invalid_client)', () => {
    expect(readTokenRequest(grant, undefined)).toEqual({
      grantType: 'client_credentials',
      clientId: undefined,
      clientSecret: undefined,
    });
  });

  it('accepts the same client_id in the body beside Basic, and ignores scope', () => {
    expect(
      codeOf(() =>
        readTokenRequest({ ...grant, client_id: 'booking', scope: 'x' }, basic('booking:s')),
      ),
    ).toBe('accepted');
  });

  it.each([
    ['no grant_type', {}, undefined],
    ['an empty grant_type', { grant_type: '' }, undefined],
    ['a repeated parameter', { grant_type: ['client_credentials', 'x'] }, undefined],
    ['a non-string parameter', { grant_type: 5 }, undefined],
    ['a body that is not an object', ['client_credentials'], undefined],
    ['no body', undefined, undefined],
    ['a secret in the body beside Basic', { ...grant, client_secret: 's' }, basic('booking:s')],
    ['another client_id beside Basic', { ...grant, client_id: 'other' }, basic('booking:s')],
    ['a secret without client_id', { ...grant, client_secret: 's' }, undefined],
    ['an overlong parameter', { ...grant, client_id: 'a'.repeat(1025) }, undefined],
  ])('answers invalid_request for %s', (_, body, authorization) => {
    expect(codeOf(() => readTokenRequest(body, authorization))).toBe('invalid_request');
  });
});
