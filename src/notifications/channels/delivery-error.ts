/**
 * A channel could not deliver. `permanent`: retrying the same message would fail the same way
 * (recipient rejected, bot blocked by the person, chat gone). Messages never carry a secret.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    /** The channel asked us to wait at least this long (Telegram's retry_after). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
