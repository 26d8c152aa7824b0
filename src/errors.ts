/**
 * Expected failures carry a stable string `code`; the HTTP layer maps codes to statuses in one
 * place (src/http/errors.ts). Anything else thrown is a bug and answers 500 without details.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
export const forbidden = (message = 'You are not allowed to do this') => new AppError('forbidden', message);
export const invalidInput = (message: string, details: Record<string, unknown> = {}) => new AppError('invalid_input', message, details);
