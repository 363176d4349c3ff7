import net from "node:net";
import os from "node:os";
import path from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { listening } from "@/lib/listening";

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

function serve(endpoint: string | { port: 0; host: string }): Promise<net.Server> {
  const server = net.createServer((socket) => socket.destroy());
  servers.push(server);
  return new Promise((resolve) => server.listen(endpoint, () => resolve(server)));
}

describe("listening", () => {
  it("answers for a localhost port, and false once it is closed", async () => {
    const server = await serve({ port: 0, host: "localhost" });
    const { port } = server.address() as net.AddressInfo;
    expect(await listening(port)).toBe(true);
    await new Promise((resolve) => server.close(resolve));
    expect(await listening(port)).toBe(false);
  });

  it("answers for a Unix socket path, and false for a path with no server", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "listening-"));
    try {
      const socket = path.join(dir, "s");
      expect(await listening(socket)).toBe(false);
      await serve(socket);
      expect(await listening(socket)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
