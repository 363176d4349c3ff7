/**
 * Runs last (files run in name order on one worker): sweeps every payload the receiver got
 * during the whole e2e suite for secrets, raw and decoded.
 */
import { DEMO, expect, test } from "./fixtures";
import { receiver } from "./receiver";

/** Every password typed in the e2e suite, and the secrets the e2e server runs with. */
const SECRETS = [DEMO.password, "cobol-1959", "password-123", "password-1", "sk_test_e2e", "whsec_e2e_secret", "e2e-secret-0123456789abcdef"];
/** The app's session cookie value: <token>.<hmac>, both 43 base64url characters. */
const SESSION_COOKIE_VALUE = /[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}/;

test("privacy sweep: no secret in any payload, auth bodies never recorded, inputs masked", async () => {
  const raw = await receiver.rawBodies();
  expect(raw.length).toBeGreaterThan(20); // the suite really sent telemetry
  const decoded = await receiver.decodedDump();
  for (const secret of SECRETS) {
    expect(decoded, `decoded payloads contain ${secret}`).not.toContain(secret);
    for (const body of raw) expect(body.text, `${body.path} contains ${secret}`).not.toContain(secret);
  }
  expect(decoded).not.toMatch(SESSION_COOKIE_VALUE);
  // Invitation links (teams.spec.ts made one): neither the REST answer, the page, nor the link's own request.
  expect(decoded).not.toMatch(/\/invite\/[\w-]{43}/);
  for (const body of raw) expect(body.text, `${body.path} holds an invitation link`).not.toMatch(/\/invite\/[\w-]{43}/);

  const sessions = await receiver.sessions(true);
  const authRecords = sessions.flatMap((s) => s.resources).filter((r) => r.name.includes("/api/auth/"));
  expect(authRecords.length).toBeGreaterThan(0);
  for (const record of authRecords) {
    expect(record.requestResponsePairs?.request?.body, record.name).toBeUndefined();
    expect(record.requestResponsePairs?.request?.headers ?? {}).toEqual({});
  }

  // rrweb input events (type 3 = incremental, source 5 = input): typed text is masked.
  const inputs = sessions
    .flatMap((s) => s.events)
    .filter((e) => e.type === 3)
    .map((e) => (e as { data?: { source?: number; text?: string } }).data)
    .filter((d) => d?.source === 5 && typeof d.text === "string");
  expect(inputs.length).toBeGreaterThan(0);
  for (const input of inputs) expect(input!.text).toMatch(/^\**$/);
});
