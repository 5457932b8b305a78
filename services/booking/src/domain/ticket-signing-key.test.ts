// The ticket signing key: from TICKET_SIGNING_KEY, or generated once into the data folder (0600)
// and reused, so codes signed before a restart still verify after it.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@marquee/kit/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTicketSigner } from './ticket-codes.ts';
import { loadTicketSigningKey, ticketSigningKeyFile } from './ticket-signing-key.ts';

const PEM_LABEL = ['PRIVATE', 'KEY'].join(' ');
const PEM_BEGIN = `-----BEGIN ${PEM_LABEL}-----`;
const PEM_END = `-----END ${PEM_LABEL}-----`;

const pemOf = (type: 'ec' | 'ed25519' | 'rsa', curve = 'P-256') => {
  const { privateKey } =
    type === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: curve })
      : type === 'rsa'
        ? generateKeyPairSync('rsa', { modulusLength: 2048 })
        : generateKeyPairSync('ed25519');
  return privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
};

const ticket = {
  ticketId: randomUUID(),
  bookingId: randomUUID(),
  showtimeId: randomUUID(),
  seat: 'B3',
  ticketType: 'adult' as const,
};

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'booking-ticket-key-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});
const freshDir = () => join(root, randomUUID(), 'booking');

async function configProblem(pem: string) {
  const err = await loadTicketSigningKey({ pem, dataDir: freshDir() }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ConfigError);
  const problems = (err as ConfigError).problems;
  expect(problems.map((p) => p.variable)).toEqual(['TICKET_SIGNING_KEY']);
  return problems[0]!.message;
}

describe('loadTicketSigningKey from TICKET_SIGNING_KEY', () => {
  it('uses the PEM given and writes no file', async () => {
    const pem = pemOf('ec');
    const dataDir = freshDir();
    const key = await loadTicketSigningKey({ pem, dataDir });
    expect(key.origin).toBe('environment');
    const again = await loadTicketSigningKey({ pem: pem.replaceAll('\n', '\\n'), dataDir });
    expect(again.publicJwk).toEqual(key.publicJwk);
    await expect(stat(dataDir)).rejects.toThrow();
  });

  it('stops with a ConfigError naming the variable for a bad key', async () => {
    expect(await configProblem('not a key')).toContain('PEM');
    expect(await configProblem(pemOf('ec', 'P-384'))).toContain('P-256');
    expect(await configProblem(pemOf('ed25519'))).toContain('P-256');
    expect(await configProblem(pemOf('rsa'))).toContain('P-256');
    expect(
      // PEM armour around bytes that are not a key (built here, so no key-like text is committed).
      await configProblem(`${PEM_BEGIN}\nbm90IGEga2V5\n${PEM_END}`),
    ).toContain('not a readable');
    const publicPem = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .publicKey.export({ format: 'pem', type: 'spki' })
      .toString();
    expect(await configProblem(publicPem)).toContain('not a public key');
  });
});

describe('loadTicketSigningKey from the data folder', () => {
  it('generates the key once (mode 0600) and reuses it, so old codes still verify', async () => {
    const dataDir = freshDir();
    const first = await loadTicketSigningKey({ dataDir });
    expect(first.origin).toBe('generated');
    const file = ticketSigningKeyFile(dataDir);
    expect(first.file).toBe(file);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).startsWith(`${PEM_BEGIN}\n`)).toBe(true);
    const code = await createTicketSigner(first).sign(ticket, new Date());

    const second = await loadTicketSigningKey({ dataDir });
    expect(second.origin).toBe('file');
    expect(second.publicJwk).toEqual(first.publicJwk);
    expect(await createTicketSigner(second).verify(code)).toMatchObject({ tid: ticket.ticketId });
    // Nothing but the key is left behind (no temporary files).
    expect(await readdir(dataDir)).toEqual(['ticket-signing-key.pem']);
  });

  it('gives processes starting together one key', async () => {
    const dataDir = freshDir();
    const keys = await Promise.all(
      Array.from({ length: 8 }, () => loadTicketSigningKey({ dataDir })),
    );
    for (const key of keys) expect(key.publicJwk).toEqual(keys[0]!.publicJwk);
    expect(await readdir(dataDir)).toEqual(['ticket-signing-key.pem']);
  });

  it('refuses a damaged key file instead of replacing it', async () => {
    const dataDir = freshDir();
    await loadTicketSigningKey({ dataDir });
    await writeFile(ticketSigningKeyFile(dataDir), 'garbage');
    await expect(loadTicketSigningKey({ dataDir })).rejects.toThrow(
      `${ticketSigningKeyFile(dataDir)} must be a PKCS#8 PEM private key`,
    );
    expect(await readFile(ticketSigningKeyFile(dataDir), 'utf8')).toBe('garbage');
  });

  it('takes a blank TICKET_SIGNING_KEY as not given', async () => {
    const dataDir = freshDir();
    expect((await loadTicketSigningKey({ pem: '  ', dataDir })).origin).toBe('generated');
  });
});
