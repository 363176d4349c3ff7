/**
 * The OTLP writer's reads of a string must not go megamorphic: the strings it writes come in many of
 * V8's representations, each with its own map, and a megamorphic `value.charCodeAt` costs a stub-cache
 * probe per character (lib/observability/server/otlp-protobuf.ts). Run in a Node process
 * of its own under `--log-ic`, which logs every inline cache's state changes ("N": megamorphic) with the
 * address of the code that made them, named by the log's code-creation events.
 *
 * `length` is allowed: it is read once per string, so a megamorphic `length` costs one probe per string.
 * Counted under callgrind over this file's strings (tests/support/otlp-string-shapes.ts), the old
 * `value.charCodeAt` spent 169 M instructions in megamorphic loads, the writer now 6 M.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

type Code = { start: number; end: number };

/** The keys of megamorphic inline-cache events in code from `file`, as `--log-ic` wrote them. */
function megamorphicKeys(log: string, file: string): string[] {
  const code: Code[] = [];
  const keys: string[] = [];
  for (const line of log.split("\n")) {
    const fields = line.split(",");
    // code-creation,<type>,<kind>,<time>,<start>,<size>,<name>,...
    if (fields[0] === "code-creation" && fields[6]?.includes(file)) {
      const start = parseInt(fields[4]!, 16);
      code.push({ start, end: start + Number(fields[5]) });
    }
    // <Keyed|Store…>IC,<pc>,<time>,<line>,<column>,<old state>,<new state>,<map>,<key>,...
    else if (/^\w*IC$/.test(fields[0]!) && fields[6] === "N") {
      const pc = parseInt(fields[1]!, 16);
      if (code.some((c) => pc >= c.start && pc <= c.end)) keys.push(fields[8]!);
    }
  }
  return keys;
}

describe("the OTLP writer's string reads", () => {
  it("stay out of V8's megamorphic state for strings of every representation", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ic-"));
    const logfile = path.join(dir, "v8.log");
    execFileSync(
      process.execPath,
      ["--log-ic", `--logfile=${logfile}`, "--no-logfile-per-isolate", "--import", "tsx", "tests/support/otlp-string-shapes.ts"],
      { cwd: root, stdio: "ignore" },
    );
    const log = readFileSync(logfile, "latin1");
    rmSync(dir, { recursive: true, force: true });
    expect(log).toContain("otlp-protobuf.ts"); // the writer's code was logged, so an empty list means something
    const keys = megamorphicKeys(log, "otlp-protobuf.ts");
    expect(keys.filter((key) => key !== "length")).toEqual([]);
  });
});
