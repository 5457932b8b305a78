// The handful of error kinds every service throws; the http layer maps them to problem+json in one place.

export type ErrorKind =
  | 'invalid_input'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'payload_too_large'
  | 'rate_limited'
  | 'unavailable';

export const statusOfKind: Record<ErrorKind, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
};

/** One problem with one field of the input; `field` is a JSON-pointer-like dotted path. */
export interface FieldProblem {
  field: string;
  message: string;
}

export interface AppErrorOptions {
  /** Fields at fault, reported to the client as `errors`. */
  errors?: FieldProblem[];
  /** Extra members added to the problem document (e.g. `unavailable` seats). */
  extensions?: Record<string, unknown>;
  /** Seconds after which a retry may succeed (sets Retry-After). */
  retryAfterSeconds?: number;
  cause?: unknown;
}

/** An error whose message is safe to show to the caller. */
export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly errors: FieldProblem[] | undefined;
  readonly extensions: Record<string, unknown> | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(kind: ErrorKind, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.kind = kind;
    this.errors = options.errors;
    this.extensions = options.extensions;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get status(): number {
    return statusOfKind[this.kind];
  }
}

export const invalidInput = (message: string, errors?: FieldProblem[]) =>
  new AppError('invalid_input', message, { errors });
export const unauthenticated = (message = 'Authentication is required.') =>
  new AppError('unauthenticated', message);
export const forbidden = (message = 'You are not allowed to do this.') =>
  new AppError('forbidden', message);
export const notFound = (message: string) => new AppError('not_found', message);
export const conflict = (message: string, extensions?: Record<string, unknown>) =>
  new AppError('conflict', message, { extensions });
export const unprocessable = (message: string, errors?: FieldProblem[]) =>
  new AppError('unprocessable', message, { errors });
export const rateLimited = (message: string, retryAfterSeconds: number) =>
  new AppError('rate_limited', message, { retryAfterSeconds });
export const unavailable = (message: string, cause?: unknown) =>
  new AppError('unavailable', message, { cause });

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
