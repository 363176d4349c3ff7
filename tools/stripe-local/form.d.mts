export class FormError extends Error {}
/** Stripe's form encoding (items[0][price]=…) → nested objects; throws FormError for prototype keys. */
export function parseForm(text: string): Record<string, unknown>;
