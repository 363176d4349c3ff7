/**
 * Password hashing with scrypt (memory-hard, built into Node: no native build).
 * Stored format: scrypt$N$r$p$<salt b64>$<hash b64>, so parameters can be raised later.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

const KEY_LENGTH = 64;
/** OWASP's current scrypt figure: N = 2^17, r = 8, p = 1 (128 MiB, a few hundred ms). */
export const PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const;
/** Room for PARAMS (128 · N · r bytes) and no more: a stored hash cannot ask for more memory than that. */
const MAX_MEMORY = 2 * 128 * PARAMS.N * PARAMS.r;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, KEY_LENGTH, { ...options, maxmem: MAX_MEMORY }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ["scrypt", PARAMS.N, PARAMS.r, PARAMS.p, salt.toString("base64"), key.toString("base64")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const actual = await derive(password, Buffer.from(salt, "base64"), { N: Number(n), r: Number(r), p: Number(p) }).catch(
    () => null, // parameters scrypt refuses: a corrupt hash never matches
  );
  return actual !== null && actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** True for a hash made with weaker parameters than today's: rehash it at the next successful sign-in. */
export function needsRehash(stored: string): boolean {
  const [scheme, n, r, p] = stored.split("$");
  return scheme !== "scrypt" || Number(n) !== PARAMS.N || Number(r) !== PARAMS.r || Number(p) !== PARAMS.p;
}

/** A valid hash of a random password: verifying against it costs the same time as a real check. */
let dummyHash: Promise<string> | undefined;
export function timingDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  return dummyHash;
}
