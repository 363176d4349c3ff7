import { testDatabaseUrl } from "./test-database.mjs";

/** Settings of the integration test stack (see vitest.config.ts and integration-setup.ts). */
export const INTEGRATION = {
  databaseUrl: testDatabaseUrl("integration"),
  stripePort: 12113,
  stripeUrl: "http://localhost:12113",
  webhookSecret: "whsec_integration_secret",
} as const;
