import net from "node:net";

/**
 * Whether a server accepts connections on a Unix socket path or a localhost port. A refused or
 * missing endpoint answers false; the probe connection is closed at once.
 */
export function listening(endpoint: string | number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = typeof endpoint === "number" ? net.connect(endpoint, "localhost") : net.connect(endpoint);
    probe.once("connect", () => {
      probe.destroy();
      resolve(true);
    });
    probe.once("error", () => resolve(false));
  });
}
