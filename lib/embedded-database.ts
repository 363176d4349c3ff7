/**
 * The zero-setup database: PostgreSQL compiled to WebAssembly (PGlite) in a data directory of
 * the project, spoken to over PostgreSQL's wire protocol, so the app, the seed and the
 * migrations use exactly the driver production uses (@prisma/adapter-pg).
 *
 * PGlite is one in-process database, so one process owns a data directory at a time. The first
 * process that needs it (the dev server, a script, a test) becomes its host: it opens PGlite and
 * serves it on a Unix socket inside the directory (@electric-sql/pglite-socket, whose queue runs
 * one transaction at a time). Every other process (a second app instance, `npm run db:seed`
 * while the dev server runs) connects to that socket. A lock file, holding the host's pid,
 * settles who hosts. Nothing listens on the network.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import path from "node:path";
import type { PoolConfig } from "pg";
import { listening } from "./listening";

const SOCKET_NAME = ".s.PGSQL.5432"; // the name libpq gives port 5432's socket in a directory
const HOST_WAIT_MS = 30_000; // how long a process waits for another one to finish opening the database
/** Most Unix systems cap a socket path at 107 bytes. */
const MAX_SOCKET_PATH = 107;

export interface EmbeddedDatabase {
  /** pg connection settings for the socket. */
  connection: PoolConfig;
  /** true when this process hosts the database. */
  hosting: boolean;
  /** Closes PGlite and the socket if this process hosts them. */
  close(): Promise<void>;
}

const hosts = new Map<string, Promise<EmbeddedDatabase>>();

/** The data directory a `file:` DATABASE_URL names, resolved against the working directory. */
export function embeddedDataDir(url: string): string {
  return path.resolve(url.slice("file:".length));
}

/** Connects to the embedded database at `dataDir`, hosting it first when no process does. Once per process and directory. */
export function openEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  let pending = hosts.get(dataDir);
  if (!pending) {
    pending = open(dataDir);
    hosts.set(dataDir, pending);
    pending.catch(() => hosts.delete(dataDir));
  }
  return pending;
}

/** Closes every embedded database this process hosts: scripts call it before they exit. */
export async function closeEmbeddedDatabases(): Promise<void> {
  const open = await Promise.allSettled(hosts.values());
  await Promise.all(open.map((result) => (result.status === "fulfilled" ? result.value.close() : undefined)));
}

async function open(dataDir: string): Promise<EmbeddedDatabase> {
  if (existsSync(dataDir) && !statSync(dataDir).isDirectory()) {
    throw new Error(
      `DATABASE_URL names ${dataDir}, a file: the embedded database is a PostgreSQL data directory ` +
        "(a SQLite file from an older version of this starter?). Point DATABASE_URL elsewhere or remove the file.",
    );
  }
  const socket = path.join(dataDir, SOCKET_NAME);
  if (Buffer.byteLength(socket) > MAX_SOCKET_PATH) {
    throw new Error(`The embedded database's socket path is longer than ${MAX_SOCKET_PATH} bytes: ${socket}. Use a shorter DATABASE_URL path.`);
  }
  mkdirSync(dataDir, { recursive: true });
  const connection: PoolConfig = { host: dataDir, port: 5432, user: "postgres", database: "postgres" };
  const lock = `${dataDir}.lock`;
  const deadline = Date.now() + HOST_WAIT_MS;
  for (;;) {
    if (await listening(socket)) return { connection, hosting: false, close: async () => {} };
    if (takeLock(lock)) return host(dataDir, socket, lock, connection);
    // Another live process holds the lock: it is opening the database (a first start takes seconds).
    if (Date.now() > deadline) {
      throw new Error(`The embedded database at ${dataDir} is held by process ${readFileSync(lock, "utf8").trim()}, which does not serve it.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Extended-protocol messages that leave an exchange open until the client's Sync. */
const EXCHANGE_MESSAGES = new Set("PBDECH".split("").map((c) => c.charCodeAt(0)));

/**
 * pglite-socket queues each connection's protocol messages one by one and keeps a connection's turn
 * only inside a transaction. PGlite is one session, so two connections' Parse/Bind/Execute/Sync
 * exchanges interleaved there overwrite each other's unnamed statement ("bind message supplies 2
 * parameters, but prepared statement requires 3", seen with two concurrent purchases). Reporting
 * an open exchange as "in a transaction" makes the queue keep that connection's turn until its Sync.
 */
function oneExchangeAtATime<T extends PGliteLike>(pglite: T): T {
  let exchangeOpen = false;
  return new Proxy(pglite, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== "function") return value;
      const method = (value as (...args: unknown[]) => unknown).bind(target);
      if (key === "isInTransaction") return () => exchangeOpen || target.isInTransaction();
      if (key === "execProtocolRawStream") {
        return (message: Uint8Array, ...rest: unknown[]) => {
          exchangeOpen = EXCHANGE_MESSAGES.has(message[0] ?? 0);
          return method(message, ...rest);
        };
      }
      // The server rolls back (db.exec) when the connection whose turn it is goes away.
      if (key === "exec") return (...args: unknown[]) => ((exchangeOpen = false), method(...args));
      return method;
    },
  });
}

interface PGliteLike {
  isInTransaction(): boolean;
}

/** Creates the lock file with this process's pid; takes over one left by a process that is gone. */
function takeLock(lock: string): boolean {
  try {
    const fd = openSync(lock, "wx");
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const owner = Number(readFileSync(lock, "utf8"));
  if (owner && owner !== process.pid && alive(owner)) return false;
  rmSync(lock, { force: true }); // stale: its process died without cleaning up
  return takeLock(lock);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function host(dataDir: string, socket: string, lock: string, connection: PoolConfig): Promise<EmbeddedDatabase> {
  // Loaded here: processes that only connect never pay for the WebAssembly build of PostgreSQL.
  const [{ PGlite }, { PGLiteSocketServer }] = await Promise.all([import("@electric-sql/pglite"), import("@electric-sql/pglite-socket")]);
  const release = () => {
    rmSync(socket, { force: true });
    rmSync(lock, { force: true });
  };
  try {
    rmSync(socket, { force: true }); // left by a host that crashed
    const pglite = await PGlite.create(dataDir);
    // pg-pool opens up to 10 connections per process; the server queues their messages and runs
    // one transaction (and one extended-protocol exchange) at a time.
    const server = new PGLiteSocketServer({ db: oneExchangeAtATime(pglite), path: socket, maxConnections: 100 });
    await server.start();
    process.once("exit", release);
    let closed = false;
    return {
      connection,
      hosting: true,
      close: async () => {
        if (closed) return;
        closed = true;
        await server.stop();
        await pglite.close();
        process.removeListener("exit", release);
        release();
        hosts.delete(dataDir);
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
