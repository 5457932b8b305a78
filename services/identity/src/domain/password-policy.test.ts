// The password rules, case by case.
import { describe, expect, it } from 'vitest';
import { passwordProblems } from './password-policy.ts';

describe('passwordProblems', () => {
  it('accepts a long mixed password', () => {
    expect(passwordProblems('correct horse battery 9')).toEqual([]);
    expect(passwordProblems('Tr0ub4dor&3x')).toEqual([]);
  });

  it('rejects short passwords', () => {
    expect(passwordProblems('Ab1!')).toContain('must be at least 10 characters long');
  });

  it('counts characters, not bytes', () => {
    expect(passwordProblems('пароль-пароль')).toEqual([]);
    expect(passwordProblems('ñandú1ñand')).toEqual([]);
  });

  it('rejects overly long passwords', () => {
    expect(passwordProblems('a1'.repeat(65))).toContain('must be at most 128 characters long');
    expect(passwordProblems('a1'.repeat(64))).toEqual([]);
  });

  it('rejects passwords of a single character class', () => {
    const classMessage =
      'must mix at least two kinds of characters (lower case, upper case, digits, symbols)';
    expect(passwordProblems('abcdefghijkl')).toContain(classMessage);
    expect(passwordProblems('ABCDEFGHIJKL')).toContain(classMessage);
    expect(passwordProblems('123456789012')).toContain(classMessage);
    expect(passwordProblems('!@#$%^&*()_+')).toContain(classMessage);
  });

  it('rejects one repeated character', () => {
    expect(passwordProblems('aaaaaaaaaaaa')).toContain('must not repeat a single character');
  });

  it('rejects the email address or its local part, whatever the case', () => {
    expect(passwordProblems('Jane.Doe1@Example.com', { email: 'jane.doe1@example.com' })).toContain(
      'must not be your email address',
    );
    expect(passwordProblems('jane.doe.1984', { email: 'JANE.DOE.1984@example.com' })).toContain(
      'must not be your email address',
    );
    expect(passwordProblems('jane.doe.1984!', { email: 'jane.doe.1984@example.com' })).toEqual([]);
  });

  it('rejects the name', () => {
    expect(passwordProblems('Jane Doe The 1st', { name: 'jane doe the 1st' })).toContain(
      'must not be your name',
    );
  });

  it('reports every problem at once', () => {
    expect(passwordProblems('aaa')).toHaveLength(3);
  });
});
