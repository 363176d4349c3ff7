/** Input schemas shared by route handlers and forms. */
import { z } from "zod";

const email = z
  .string({ error: "Email is required." })
  .trim()
  .toLowerCase()
  .max(254, "Email is too long.")
  .pipe(z.email({ error: "Enter a valid email address." }));

export const signUpSchema = z.object({
  name: z.string({ error: "Name is required." }).trim().min(1, "Name is required.").max(80, "Name is too long."),
  email,
  password: z
    .string({ error: "Password is required." })
    .min(8, "Use at least 8 characters.")
    .max(200, "Password is too long."),
});

export const signInSchema = z.object({
  email,
  password: z.string({ error: "Password is required." }).min(1, "Password is required.").max(200, "Password is too long."),
});

export const projectSchema = z.object({
  name: z.string({ error: "Name is required." }).trim().min(1, "Name is required.").max(80, "Name is too long."),
  description: z.string().trim().max(500, "Description is too long.").default(""),
});

export const profileSchema = z.object({
  name: z.string({ error: "Name is required." }).trim().min(1, "Name is required.").max(80, "Name is too long."),
});

export const idSchema = z.string().regex(/^[a-z0-9]{20,32}$/, "Not a valid id.");

/** Team ids: cuids, or `team_<cuid>` for teams the teams migration made. */
export const teamIdSchema = z.string().regex(/^(team_)?[a-z0-9]{20,32}$/, "Not a valid team id.");

export const planIdSchema = z.enum(["free", "pro", "team"], { error: "Choose one of: free, pro, team." });

export const subscribeSchema = z.object({
  planId: z.enum(["pro", "team"], { error: "Choose a paid plan: pro or team. To go back to Free, cancel your subscription." }),
  testCard: z.enum(["visa", "declined"], { error: "testCard must be visa or declined." }).optional(),
});

export const roleSchema = z.enum(["owner", "member"], { error: "Choose a role: owner or member." });

export const inviteSchema = z.object({ email, role: roleSchema.default("member") });

export const changeRoleSchema = z.object({ role: roleSchema });

export const checkoutSchema = z.object({
  planId: z.enum(["pro", "team"], { error: "Choose a paid plan: pro or team." }),
});

/** Invitation tokens are 32 random bytes, base64url. */
export const invitationTokenSchema = z.string().regex(/^[\w-]{43}$/, "Not a valid invitation link.");

/** Stripe Checkout session ids. */
export const checkoutSessionIdSchema = z.string().regex(/^cs_\w{8,200}$/, "Not a valid Checkout session id.");

/** Client-chosen Idempotency-Key header: one per click intent. */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[\w-]{8,64}$/, "Idempotency-Key must be 8-64 letters, digits, - or _.")
  .optional();
