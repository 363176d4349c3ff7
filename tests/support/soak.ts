/**
 * Child-process soak for tests/integration/soak.test.ts: the real route handlers under mixed
 * load for SOAK_SECONDS with telemetry on (to a local receiver in this process), sampling heap
 * (after a forced GC) and RSS. Prints JSON samples. Env must be set before the app modules load.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createReceiver } from "@/tools/telemetry-receiver/receiver.mjs";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const seconds = Number(process.env.SOAK_SECONDS ?? 60);

const receiver = createReceiver({ port: 0, host: "127.0.0.1", dir: mkdtempSync(path.join(tmpdir(), "soak-")) });
const { port } = (await receiver.listen()) as { port: number };
process.env.NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID = process.env.SOAK_TELEMETRY === "off" ? "" : "soak";
process.env.HIGHLIGHT_OTLP_ENDPOINT = `http://127.0.0.1:${port}`;

const { startServerObservability } = await import("@/lib/observability/server/start");
await startServerObservability();
const { RouteClient, params } = await import("@/tests/support/route-client");
const signup = await import("@/app/api/auth/signup/route");
const login = await import("@/app/api/auth/login/route");
const me = await import("@/app/api/me/route");
const plans = await import("@/app/api/plans/route");
const health = await import("@/app/api/health/route");
const projects = await import("@/app/api/projects/route");
const projectById = await import("@/app/api/projects/[id]/route");
const demoError = await import("@/app/api/demo/error/route");

const owner = new RouteClient();
const email = `soak-${Date.now()}@example.com`;
await owner.call(signup.POST, "/api/auth/signup", { body: { name: "Soak", email, password: "password-1" } });
const session = { "x-highlight-request": "soakSession123/req" };

async function iteration(i: number): Promise<void> {
  const headers = { ...session, "x-highlight-request": `soakSession123/req${i}` };
  await new RouteClient().call(health.GET, "/api/health", { headers });
  await new RouteClient().call(plans.GET, "/api/plans", { headers });
  await owner.call(me.GET, "/api/me", { headers });
  const created = await owner.call(projects.POST, "/api/projects", { body: { name: `p${i}` }, headers });
  const id = (created.json.project as { id: string }).id;
  await owner.call(projects.GET, "/api/projects", { headers });
  await owner.call(projectById.DELETE, `/api/projects/${id}`, { method: "DELETE", headers }, params({ id }));
  await new RouteClient().call(login.POST, "/api/auth/login", { body: { email, password: "wrong-password" }, ip: "198.51.100.9", headers }); // rate-limited after 5: cheap, like an attack
  await new RouteClient().call(demoError.GET, "/api/demo/error", { headers });
}

const sample = () => {
  receiver.store.reset(); // the receiver keeps everything it gets by design; measure the app, not it
  gc();
  const { heapUsed, rss, external, arrayBuffers } = process.memoryUsage();
  return { heapMB: heapUsed / 2 ** 20, rssMB: rss / 2 ** 20, externalMB: external / 2 ** 20, arrayBuffersMB: arrayBuffers / 2 ** 20 };
};

const samples: { at: number; heapMB: number; rssMB: number; iterations: number }[] = [];
const start = Date.now();
let i = 0;
let nextSample = start + (seconds * 1000) / 10;
while (Date.now() - start < seconds * 1000) {
  await iteration(i++);
  if (Date.now() >= nextSample) {
    samples.push({ at: (Date.now() - start) / 1000, iterations: i, ...sample() });
    nextSample += (seconds * 1000) / 10;
  }
}
samples.push({ at: (Date.now() - start) / 1000, iterations: i, ...sample() });
console.log(JSON.stringify({ iterations: i, samples }));
await receiver.close();
process.exit(0);
