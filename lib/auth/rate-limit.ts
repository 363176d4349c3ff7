/**
 * Sign-in and sign-up limits, kept in the database (rate-limiter-flexible's Prisma store), so
 * they count across every app instance. An attempt is reserved before the password is checked,
 * so concurrent guesses cannot all slip through between a check and a record.
 *
 * - sign-in, per account and address: 5 attempts / 15 min (a success clears it)
 * - sign-in, per account from anywhere: 20 attempts / 15 min (a success clears it): rotating
 *   addresses does not help an attacker, and the owner, from their usual address, keeps 5 tries
 * - sign-in, per address: 100 attempts / 15 min (password spraying across accounts)
 * - sign-up, per address: 10 accounts / hour
 * The address is trustworthy only behind a proxy that sets X-Forwarded-For: TRUSTED_PROXY_HOPS.
 */
import "server-only";
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { db } from "@/lib/db";

const limiter = (keyPrefix: string, points: number, seconds: number) =>
  new RateLimiterPrisma({ storeClient: db, tableName: "rateLimit", keyPrefix, points, duration: seconds });

const limits = {
  signInAccountAddress: limiter("signin_account_address", 5, 15 * 60),
  signInAccount: limiter("signin_account", 20, 15 * 60),
  signInAddress: limiter("signin_address", 100, 15 * 60),
  signUpAddress: limiter("signup_address", 10, 60 * 60),
};

/** Consumes one point from each limiter; the seconds to wait when any of them is exhausted, else 0. */
async function reserve(entries: [RateLimiterPrisma, string][]): Promise<number> {
  const results = await Promise.allSettled(entries.map(([l, key]) => l.consume(key)));
  let wait = 0;
  for (const result of results) {
    if (result.status === "fulfilled") continue;
    if (!(result.reason instanceof RateLimiterRes)) throw result.reason; // the store failed: not a limit
    wait = Math.max(wait, Math.ceil(result.reason.msBeforeNext / 1000));
  }
  return wait;
}

/** Reserves a sign-in attempt for `email` from `address`: 0 to go ahead, or the seconds to wait. */
export const reserveSignIn = (email: string, address: string) =>
  reserve([
    [limits.signInAccountAddress, `${email}|${address}`],
    [limits.signInAccount, email],
    [limits.signInAddress, address],
  ]);

/** After a successful sign-in: the account's counters start again. */
export async function signInSucceeded(email: string, address: string): Promise<void> {
  await Promise.all([limits.signInAccountAddress.delete(`${email}|${address}`), limits.signInAccount.delete(email)]);
}

/** Reserves a sign-up from `address`: 0 to go ahead, or the seconds to wait. */
export const reserveSignUp = (address: string) => reserve([[limits.signUpAddress, address]]);
