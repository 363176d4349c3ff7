/** Ports and URLs of the end-to-end stack, away from the development defaults (3000, 4318, 12111). */
export const E2E = {
  appUrl: "http://localhost:3100",
  /** The same build with Highlight switched off at start-up. */
  appOffUrl: "http://localhost:3101",
  /** The same build with every browser session sampled out (HIGHLIGHT_SAMPLE_RATE=0). */
  appSampledOutUrl: "http://localhost:3102",
  receiverUrl: "http://localhost:4319",
  /** The receiver's read-API token for this stack (TELEMETRY_TOKEN); the inspector page carries it too. */
  receiverToken: "e2e-receiver-token",
  stripeUrl: "http://localhost:12112",
} as const;
