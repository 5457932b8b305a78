// The password rules every way of creating or changing a password applies (API, CLI, start-up admin).

export const PASSWORD_MIN_LENGTH = 10;
/** Long enough for passphrases, short enough that hashing cannot be used to burn CPU. */
export const PASSWORD_MAX_LENGTH = 128;

export interface PasswordContext {
  email?: string;
  name?: string;
}

const CHARACTER_CLASSES: RegExp[] = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u];

/** Rules that need only the password itself. */
export function passwordShapeProblems(password: string): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    problems.push(`must be at least ${PASSWORD_MIN_LENGTH} characters long`);
  }
  if (length > PASSWORD_MAX_LENGTH) {
    problems.push(`must be at most ${PASSWORD_MAX_LENGTH} characters long`);
  }
  const classes = CHARACTER_CLASSES.filter((pattern) => pattern.test(password)).length;
  if (length > 0 && classes < 2) {
    problems.push(
      'must mix at least two kinds of characters (lower case, upper case, digits, symbols)',
    );
  }
  if (length > 0 && new Set(password).size === 1) {
    problems.push('must not repeat a single character');
  }
  return problems;
}

/** Rules that compare the password with the rest of the account. */
export function passwordContextProblems(password: string, context: PasswordContext): string[] {
  const problems: string[] = [];
  const lowered = password.toLowerCase();
  const email = context.email?.trim().toLowerCase();
  if (email) {
    const localPart = email.split('@')[0] ?? '';
    if (lowered === email || lowered === localPart) problems.push('must not be your email address');
  }
  const name = context.name?.trim().toLowerCase();
  if (name && lowered === name) problems.push('must not be your name');
  return problems;
}

/**
 * Everything wrong with `password` (empty when it is acceptable). Length is counted in
 * characters, not bytes, so non-Latin passphrases are judged fairly.
 */
export function passwordProblems(password: string, context: PasswordContext = {}): string[] {
  return [...passwordShapeProblems(password), ...passwordContextProblems(password, context)];
}
