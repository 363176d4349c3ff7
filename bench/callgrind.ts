/**
 * Instructions per request, counted by valgrind's callgrind: a second instrument for
 * `npm run bench -- --instructions`, beside the wall-clock one. On a small shared machine two runs
 * of the same server differ in throughput by as much as telemetry costs (the A/A control); the
 * instructions a request executes depend far less on what else the machine is doing.
 *
 * Two parts of V8's work depend on timing rather than on the request (when a full GC or an
 * optimising compile lands in a sample), so they are counted apart: "work" is everything else
 * (the app, Next.js, the pipeline, zlib, libc), steady to a few percent between samples. Not
 * entirely free of timing: how much code runs optimised rather than in the interpreter (V8's
 * tiering on background threads) follows the clock, so a run on a busy machine counts more work
 * for the same requests. (Bytecode flushing does not: V8 flushes a function left unused for 6 full
 * GCs, and a server under valgrind made 5 in a whole run; `--node-flags=--trace-flush-code` shows
 * none flushed.) Compare variants within one run on a quiet machine, against its A/A control.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** `zlib` is part of `work`, also counted apart: the export's gzip is the largest native part telemetry adds. */
export type InstructionSample = { work: number; gc: number; jit: number; zlib: number };
/** A sample's work instructions per function, with `--jit-names` (`countByFunction`). */
export type FunctionCounts = Map<string, number>;

/**
 * The collector by name, and the helpers it runs that carry no GC word in theirs (each checked in
 * callgrind's caller tree of an app run): the marker's visit of machine code (`RelocIterator`, from
 * `VisitRelocInfo`), its check for flushed bytecode and object sizes (`NeedsResetDueToFlushedBytecode`,
 * `UsedInstanceSize`), the sweeper's free lists (`FreeList`), and the allocator's slow path that
 * refills a linear allocation area (`MainAllocator`), called from the scavenger's promotions and
 * when an area runs out. Left as work: the Factory's allocation of each object.
 */
const GC =
  /Heap|Mark|Scaveng|Sweep|Visitor|Evacuat|Compact|heap::base|cppgc|Remembered|SlotSet|MemoryChunk|PagedSpace|NewSpace|GCTracer|MemoryAllocator|WeakObjects|IncrementalMarking|ArrayBufferSweeper|RelocIterator|NeedsResetDueToFlushedBytecode|UsedInstanceSize|FreeList|MainAllocator/;
const JIT = /compiler::|maglev::|turboshaft|Parser|Scanner|Compil|BytecodeGenerator|interpreter::Bytecode|baseline::|Assembler/;
/** zlib's C functions as Node's binary names them (deflate, its Huffman trees, CRC-32). */
const ZLIB = /^\?\?\?:(deflate\w*|inflate\w*|compress_block|longest_match|fill_window|pqdownheap[\w.]*|build_tree|send_tree|scan_tree|gen_bitlen|gen_codes|_tr_\w+|bi_\w+|crc32\w*|crc_fold\w*|copy_with_crc|adler32\w*) \[/;

/** V8's garbage collector and optimising compiler, by callgrind's function name: counted apart from "work". */
const isGc = (name: string) => GC.test(name) && !name.includes("Factory");
const isCompiler = (name: string) => JIT.test(name);

/** The functions of `callgrind_annotate` output (self cost per function), as [name, instructions]. */
function* functionLines(annotated: string): Generator<[string, number]> {
  for (const line of annotated.split("\n")) {
    const match = /^\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)$/.exec(line);
    if (match && !match[2]!.includes("PROGRAM TOTALS")) yield [match[2]!, Number(match[1]!.replaceAll(",", ""))];
  }
}

/** Splits `callgrind_annotate` output (self cost per function) into work, GC and JIT compilation. */
export function categorize(annotated: string): InstructionSample {
  const sample: InstructionSample = { work: 0, gc: 0, jit: 0, zlib: 0 };
  for (const [name, count] of functionLines(annotated)) {
    if (isGc(name)) sample.gc += count;
    else if (isCompiler(name)) sample.jit += count;
    else {
      sample.work += count;
      if (ZLIB.test(name)) sample.zlib += count;
    }
  }
  return sample;
}

/**
 * V8's map of the JIT code it made (`--perf-basic-prof` writes `/tmp/perf-<pid>.map`, one "start size
 * name" line per code object): callgrind sees JIT-compiled JavaScript only as addresses, this names them.
 */
export type JitMap = { starts: number[]; ends: number[]; names: string[] };

export function parsePerfMap(text: string): JitMap {
  const entries = new Map<number, { end: number; name: string }>();
  for (const line of text.split("\n")) {
    const match = /^([0-9a-f]+) ([0-9a-f]+) (.+)$/.exec(line);
    if (!match) continue;
    const start = parseInt(match[1]!, 16);
    // Tier marks (* TurboFan, + Maglev, ^ Sparkplug, ~ interpreted) dropped: one function, whatever its code.
    entries.set(start, { end: start + parseInt(match[2]!, 16), name: match[3]!.replace(/^JS:[*+^~]?'?/, "") }); // a later entry at a reused address wins
  }
  const starts = [...entries.keys()].sort((a, b) => a - b);
  return { starts, ends: starts.map((start) => entries.get(start)!.end), names: starts.map((start) => entries.get(start)!.name) };
}

function jitName(map: JitMap, address: number): string | undefined {
  let low = 0;
  let high = map.starts.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (map.starts[mid]! <= address) low = mid + 1;
    else high = mid - 1;
  }
  return high >= 0 && address < map.ends[high]! ? map.names[high] : undefined;
}

/**
 * Self instructions per function of `callgrind_annotate` output, "work" only (as `categorize` splits it:
 * classified by callgrind's own names, before JIT code is named), JIT-compiled code named through `map`.
 */
export function countByFunction(annotated: string, map: JitMap): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [line, count] of functionLines(annotated)) {
    if (isGc(line) || isCompiler(line)) continue;
    const address = /^\?\?\?:0x([0-9a-f]+)/.exec(line);
    const name = address ? (jitName(map, parseInt(address[1]!, 16)) ?? "(unnamed JIT code)") : line.replace(/^\?\?\?:/, "").replace(/ \[.*\]$/, "");
    counts.set(name, (counts.get(name) ?? 0) + count);
  }
  return counts;
}

/** The command that starts `argv` under callgrind, counting nothing until `countFrom` is called. */
export function underCallgrind(outFile: string, argv: string[]): string[] {
  // --smc-check: V8 writes machine code into the heap; without it valgrind would run stale code.
  return ["valgrind", "--tool=callgrind", "--smc-check=all-non-file", "--instr-atstart=no", `--callgrind-out-file=${outFile}`, ...argv];
}

const control = (pid: number, ...args: string[]) => execFileSync("callgrind_control", [...args, String(pid)], { stdio: "ignore" });

/** Starts counting (after the warm-up) or starts a new sample: the counters go back to zero. */
export function countFrom(pid: number, first: boolean): void {
  if (first) control(pid, "--instr=on");
  control(pid, "--zero");
}

/**
 * Ends a sample: dumps the counters to a new file and reads it back; with the app's perf map
 * (`--jit-names`), also its instructions per function.
 */
export function dumpSample(pid: number, outFile: string, dumpNumber: number, perfMap?: string): InstructionSample & { functions?: FunctionCounts } {
  control(pid, "--dump");
  const annotated = execFileSync("callgrind_annotate", ["--inclusive=no", "--threshold=100", `${outFile.replace("%p", String(pid))}.${dumpNumber}`], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  return { ...categorize(annotated), ...(perfMap && { functions: countByFunction(annotated, parsePerfMap(readFileSync(perfMap, "utf8"))) }) };
}

/** Whether valgrind is installed (Debian: `apt-get install valgrind`). */
export function hasValgrind(): boolean {
  try {
    execFileSync("valgrind", ["--version"], { stdio: "ignore" });
    execFileSync("callgrind_control", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
