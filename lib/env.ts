/**
 * The one place that reads process.env on the server. Every variable is
 * validated with zod; a bad value stops start-up with a message naming it.
 * Each variable is documented in .env.example and the README.
 */
import { z } from "zod";

// `next build` evaluates server modules with NODE_ENV=production but no runtime secrets.
const isBuild = process.env.NEXT_PHASE === "phase-production-build";

const DEV_AUTH_SECRET = "dev-only-secret-change-me-0123456789abcdef";
export const LOCAL_RECEIVER_URL = "http://localhost:4318";
export const LOCAL_STRIPE_URL = "http://localhost:12111";

const url = z.url({ protocol: /^https?$/, error: "must be an http(s) URL such as http://localhost:4318" });
/** Empty string in .env means "unset", as users expect from `FOO=`. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

/** A number from min to max (whole if asked); every way of missing gets the one message that says what is expected. */
const numberIn = (min: number, max: number, message: string, whole = false) => {
  const number = z.coerce.number({ error: message });
  return (whole ? number.int(message) : number).min(min, message).max(max, message);
};

const HEADER_LIST_ERROR = "must be key=value pairs separated by commas, such as x-api-key=abc123";

/**
 * OTEL_EXPORTER_OTLP_HEADERS as the OpenTelemetry spec writes it (key=value[,key=value…], values
 * percent-encoded), validated and parsed in one pass: keys lower-cased, values decoded.
 */
const headerList = z.string().transform((list, ctx) => {
  const headers: Record<string, string> = {};
  const invalid = () => {
    ctx.addIssue({ code: "custom", message: HEADER_LIST_ERROR });
    return z.NEVER;
  };
  for (const entry of list.split(",")) {
    const at = entry.indexOf("=");
    const key = entry.slice(0, Math.max(at, 0)).trim();
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(key)) return invalid();
    try {
      headers[key.toLowerCase()] = decodeURIComponent(entry.slice(at + 1).trim());
    } catch {
      return invalid(); // a malformed percent-escape
    }
  }
  return headers;
});

const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  // postgres://… for a PostgreSQL server; file:<folder> for the embedded one (lib/embedded-database.ts).
  DATABASE_URL: z
    .string()
    .regex(/^(file:.+|postgres(ql)?:\/\/.+)$/, "must be postgres://user:password@host:5432/db or file:./prisma/pgdata (embedded)")
    .default("file:./prisma/pgdata"),
  AUTH_SECRET: optional(z.string().min(32, "must be at least 32 characters (try: openssl rand -hex 32)")),
  // How many proxies in front of the app append to X-Forwarded-For (0: none, the header is not trusted).
  TRUSTED_PROXY_HOPS: z.coerce.number({ error: "must be a whole number such as 1" }).int().min(0).max(10).default(0),

  // Highlight. An explicitly empty project id turns telemetry off.
  NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID: z.string().default("local"),
  NEXT_PUBLIC_HIGHLIGHT_BACKEND_URL: optional(url),
  NEXT_PUBLIC_HIGHLIGHT_OTLP_ENDPOINT: optional(url),
  HIGHLIGHT_OTLP_ENDPOINT: optional(url),
  // Headers for every server export, for collectors that want a key: key1=value1,key2=value2 (values percent-encoded).
  OTEL_EXPORTER_OTLP_HEADERS: optional(headerList),
  // gzip, or none for a collector on the same host or network (deflate is 1/3 of an export's instructions, 2/3 of its time).
  OTEL_EXPORTER_OTLP_COMPRESSION: z.enum(["gzip", "none"], { error: "must be gzip or none" }).default("gzip"),
  NEXT_PUBLIC_HIGHLIGHT_TRACING_ORIGINS: optional(
    z
      .string()
      .refine((list) => list.split(",").every((origin) => /^https?:\/\/[^/\s]+$/.test(origin.trim())), {
        error: "must be a comma-separated list of origins such as https://api.example.com",
      }),
  ),
  // false: no browser recorder (e.g. a plain OTLP collector that cannot take replays); server telemetry stays on.
  NEXT_PUBLIC_HIGHLIGHT_REPLAY: z.enum(["true", "false"], { error: "must be true or false" }).default("true"),
  // Share of browser sessions traced in full (replay, server trace, logs), 0 to 1. Errors are always reported.
  HIGHLIGHT_SAMPLE_RATE: optional(numberIn(0, 1, "must be a number from 0 to 1, such as 0.2")),
  // How long spans and logs wait before a batch is sent anyway (a full batch of 512 leaves at once), in ms.
  HIGHLIGHT_EXPORT_INTERVAL_MS: optional(numberIn(100, 60_000, "must be a whole number of milliseconds from 100 to 60000, such as 2000", true)),
  // true: also Next.js's internal spans and Prisma's detailed spans (registers global providers); costs every request.
  HIGHLIGHT_AUTO_INSTRUMENT: z.enum(["true", "false"], { error: "must be true or false" }).default("false"),
  // Serverless hosts may freeze a function once it has answered: "true" exports each request's telemetry right
  // after its response (Next's after(), waitUntil on Vercel); "auto" turns that on where VERCEL,
  // AWS_LAMBDA_FUNCTION_NAME or NETLIFY is set.
  HIGHLIGHT_SERVERLESS: z.enum(["auto", "true", "false"], { error: "must be auto, true or false" }).default("auto"),
  HIGHLIGHT_PROXY: z.enum(["true", "false"], { error: "must be true or false" }).default("false"),
  // Where the activity log links each entry's trace and session: {kind} is "traces" or "sessions", {id} the id.
  // Unset: the local inspector outside production, no links in production.
  TELEMETRY_LINK_TEMPLATE: optional(
    z.string().regex(/^https?:\/\/\S*\{kind\}\S*\{id\}\S*$/, "must be an http(s) URL containing {kind} and {id}"),
  ),
  // The app's public origin, for the pages Stripe sends the user back to. Unset: the request's own origin.
  APP_URL: optional(url),
  APP_VERSION: z.string().trim().min(1).max(64).default("dev"),
  LOG_LEVEL: z.enum(["error", "warn", "info", "verbose", "debug", "silly"]).default("info"),

  // Stripe. STRIPE_API_BASE unset in production means api.stripe.com.
  STRIPE_SECRET_KEY: optional(z.string().regex(/^(sk|rk)_/, "must be a Stripe secret key (sk_test_… or sk_live_…)")),
  STRIPE_WEBHOOK_SECRET: optional(z.string().startsWith("whsec_", "must start with whsec_ (from `stripe listen` or the dashboard)")),
  STRIPE_API_BASE: optional(url),

  // Read by scripts only: the seed (price ids of the paid plans) and the post-build source-map upload.
  STRIPE_PRICE_PRO: optional(z.string().startsWith("price_", "must be a Stripe price id (price_…)")),
  STRIPE_PRICE_TEAM: optional(z.string().startsWith("price_", "must be a Stripe price id (price_…)")),
  HIGHLIGHT_SOURCEMAP_API_KEY: optional(z.string().trim().min(1)),
  HIGHLIGHT_SOURCEMAP_BACKEND_URL: optional(url),
  // Read by next.config.ts at build time: true also writes the self-contained server in .next/standalone.
  BUILD_STANDALONE: optional(z.enum(["true", "false"], { error: "must be true or false" })),
});

type Schema = z.infer<typeof schema>;

export type Env = Schema & {
  AUTH_SECRET: string;
  STRIPE_SECRET_KEY: string;
  STRIPE_WEBHOOK_SECRET: string;
};

/** Secrets that have a development default but must be set in production. */
const productionSecrets = ["AUTH_SECRET", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"] as const;
const devDefaults = {
  AUTH_SECRET: DEV_AUTH_SECRET,
  STRIPE_SECRET_KEY: "sk_test_local",
  STRIPE_WEBHOOK_SECRET: "whsec_local_development_secret",
};

export class EnvError extends Error {
  override name = "EnvError";
}

type Source = Record<string, string | undefined>;

function invalid(error: z.ZodError): EnvError {
  const lines = error.issues.map((issue) => `  - ${issue.path.join(".")}: ${issue.message}`);
  return new EnvError(`Invalid environment variables:\n${lines.join("\n")}\nFix them in .env (see .env.example for every variable).`);
}

/**
 * Validates only the named variables, with the same rules and messages: for scripts that run
 * outside the app (install, seed, post-build), where production secrets are not needed.
 */
export function parseEnvVars<K extends keyof Schema>(source: Source, keys: readonly K[]): Pick<Schema, K> {
  const shape: z.ZodRawShape = Object.fromEntries(keys.map((key) => [key, schema.shape[key]]));
  const subset = z.object(shape);
  const result = subset.safeParse(source);
  if (!result.success) throw invalid(result.error);
  return result.data as Pick<Schema, K>; // the shape is built from the keys, which TypeScript cannot follow
}

export function parseEnv(source: Source): Env {
  const result = schema.safeParse(source);
  if (!result.success) throw invalid(result.error);
  const env = result.data;
  const production = env.NODE_ENV === "production" && !isBuild;
  const missing = productionSecrets.filter((name) => production && !env[name]);
  if (missing.length) {
    throw new EnvError(
      `Missing environment variables for production: ${missing.join(", ")}.\n` +
        "Set them in the deployment's environment (see .env.example); they have no safe default.",
    );
  }
  return {
    ...env,
    AUTH_SECRET: env.AUTH_SECRET ?? devDefaults.AUTH_SECRET,
    STRIPE_SECRET_KEY: env.STRIPE_SECRET_KEY ?? devDefaults.STRIPE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET: env.STRIPE_WEBHOOK_SECRET ?? devDefaults.STRIPE_WEBHOOK_SECRET,
    STRIPE_API_BASE: env.STRIPE_API_BASE ?? (env.NODE_ENV === "production" ? undefined : LOCAL_STRIPE_URL),
    TELEMETRY_LINK_TEMPLATE:
      env.TELEMETRY_LINK_TEMPLATE ?? (env.NODE_ENV === "production" ? undefined : `${LOCAL_RECEIVER_URL}/inspector/#/{kind}/{id}`),
  };
}

let cached: Env | undefined;

/** The validated environment, parsed once on first use. */
export function env(): Env {
  cached ??= parseEnv({
    ...process.env,
    // Literal reads, so values given to `next build` are inlined and still honoured by `next start`;
    // values not set at build time are read from the runtime environment.
    NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID: process.env.NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID,
    NEXT_PUBLIC_HIGHLIGHT_BACKEND_URL: process.env.NEXT_PUBLIC_HIGHLIGHT_BACKEND_URL,
    NEXT_PUBLIC_HIGHLIGHT_OTLP_ENDPOINT: process.env.NEXT_PUBLIC_HIGHLIGHT_OTLP_ENDPOINT,
    NEXT_PUBLIC_HIGHLIGHT_TRACING_ORIGINS: process.env.NEXT_PUBLIC_HIGHLIGHT_TRACING_ORIGINS,
    NEXT_PUBLIC_HIGHLIGHT_REPLAY: process.env.NEXT_PUBLIC_HIGHLIGHT_REPLAY,
  });
  return cached;
}
