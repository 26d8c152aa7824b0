/** An invalid world (or app, or configuration): the control API answers 400 with its message. */
export class WorldError extends Error {}
