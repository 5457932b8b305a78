// Reading SERVICE_CLIENTS and checking a client's secret.
import { describe, expect, it } from 'vitest';
import { createServiceClientVerifier, parseServiceClients } from './service-clients.ts';

function clientsOf(text: string) {
  const parsed = parseServiceClients(text);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.clients;
}

function problemsOf(text: string) {
  const parsed = parseServiceClients(text);
  return parsed.ok ? [] : parsed.problems;
}

describe('parseServiceClients', () => {
  it('reads id:secret pairs, trimming each entry', () => {
    const clients = clientsOf('booking:s3cr3t, operator:0th3r');
    expect([...clients.keys()]).toEqual(['booking', 'operator']);
  });

  it('has no clients when unset or empty', () => {
    expect(clientsOf('').size).toBe(0);
    expect(parseServiceClients(undefined)).toEqual({ ok: true, clients: new Map() });
  });

  it('keeps colons after the first one in the secret', () => {
    const verifier = createServiceClientVerifier(clientsOf('booking:a:b:c'));
    expect(verifier.verify('booking', 'a:b:c')).toBe(true);
  });

  it('refuses bad ids, missing secrets, duplicates and entries without a colon', () => {
    expect(problemsOf('Booking:x')).toEqual([
      'entry 1: the client id must be 1 to 64 of a-z, 0-9 and -',
    ]);
    expect(problemsOf(`${'a'.repeat(65)}:x`)).toHaveLength(1);
    expect(problemsOf(`${'a'.repeat(64)}:x`)).toEqual([]);
    expect(problemsOf(':secret')).toHaveLength(1);
    expect(problemsOf('booking:')).toEqual(['entry 1: the secret of "booking" is empty']);
    expect(problemsOf('booking:a,booking:b')).toEqual([
      'entry 2: the client id "booking" appears more than once',
    ]);
    expect(problemsOf('booking')).toEqual(['entry 1 must be written id:secret']);
    expect(problemsOf('booking:a,')).toEqual(['entry 2 must be written id:secret']);
    expect(problemsOf('0b5e6a0c-8f5e-4a3b-9c1d-2e3f4a5b6c7d:x')).toHaveLength(1);
  });

  it('never quotes a secret in a problem', () => {
    const problems = problemsOf('Bad Id:hunter2-secret,ok:also-secret,ok:again-secret');
    expect(problems.join(' ')).not.toMatch(/secret/);
  });
});

describe('service client verifier', () => {
  const verifier = createServiceClientVerifier(clientsOf('booking:s3cr3t,operator:0th3r'));

  it('accepts the right secret only for its own client', () => {
    expect(verifier.verify('booking', 's3cr3t')).toBe(true);
    expect(verifier.verify('operator', '0th3r')).toBe(true);
    expect(verifier.verify('booking', '0th3r')).toBe(false);
    expect(verifier.verify('booking', 's3cr3t ')).toBe(false);
    expect(verifier.verify('booking', '')).toBe(false);
  });

  it('refuses unknown clients', () => {
    expect(verifier.verify('payments', 's3cr3t')).toBe(false);
    expect(createServiceClientVerifier(new Map()).verify('booking', 's3cr3t')).toBe(false);
  });
});
