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
 * The collector by name: its classes (the marker, scavenger, sweeper, evacuator, remembered sets,
 * pages and free lists, the allocator's slow path that refills an allocation area) and the helpers it
 * runs without such a word in their names, each checked in callgrind's caller tree of an app run (the
 * marker's walk of machine code, `RelocIterator`; its checks for flushed bytecode and object sizes).
 * Matched against a function's own name (`ownName`): parameter types such as `Tagged<HeapObject>`
 * would make `JSON.stringify` or a property lookup look like the collector. Off-heap code, heap
 * numbers and objects, and `Array.prototype.concat`'s visitor are not the collector; the Factory's
 * allocation of each object is work.
 */
const GC =
  /^(heap::base|cppgc)::|^v8::internal::.*(Heap(?!Object|Number)|Mark(ing|Compact|Bit)|Scaveng|Sweep|Visitor|Evacuat|Compact|Remembered|SlotSet|MemoryChunk|PagedSpace|NewSpace|GCTracer|MemoryAllocator|WeakObjects|RelocIterator|NeedsResetDueToFlushedBytecode|UsedInstanceSize|FreeList|MainAllocator|ActiveSystemPages)/;
const NOT_GC = /OffHeap|ArrayConcatVisitor|Factory/;
/**
 * The compilers by name: V8's optimising tiers, its parser and bytecode generator, code assembly.
 * Not the compilers: Node's HTTP parser, `Date` parsing, running a regular expression's machine code
 * (`NativeRegExpMacroAssembler::Match`) and `String.prototype.replace`'s `CompiledReplacement`.
 */
const JIT =
  /^v8::internal::(compiler|maglev|baseline)::|turboshaft|^v8::internal::(Pre)?Parser|^v8::internal::Scanner|Compil(?!edReplacement)|BytecodeGenerator|^v8::internal::interpreter::Bytecode(ArrayBuilder|ArrayWriter|RegisterOptimizer)|^v8::internal::(Macro)?Assembler::/;
/** zlib's C functions as Node's binary names them (deflate, its Huffman trees, CRC-32). */
const ZLIB = /^(deflate\w*|inflate\w*|compress_block|longest_match|fill_window|pqdownheap[\w.]*|build_tree|send_tree|scan_tree|gen_bitlen|gen_codes|_tr_\w+|bi_\w+|crc32\w*|crc_fold\w*|copy_with_crc|adler32\w*)$/;
/** JavaScript: JIT-compiled code (callgrind names it by address) and V8's builtins. Work, whoever calls it. */
const JAVASCRIPT = /^(0x|Builtins_)/;

/**
 * A function's own name as callgrind gives it, without return type, parameter list, clone or
 * recursion suffix; template arguments kept (they say which visitor or compiler an instantiation serves).
 */
export function ownName(name: string): string {
  const text = name
    .replaceAll("(anonymous namespace)", "{anonymous}")
    .replace(/'\d+$/, "")
    .replace(/ \[clone [^\]]*\]$/, "");
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "<") depth++;
    else if (char === ">") depth--;
    else if (depth === 0 && char === " " && !text.endsWith("operator", i) && !text.startsWith("operator", i + 1)) start = i + 1;
    else if (depth === 0 && char === "(" && i > start && !text.endsWith("operator", i)) return text.slice(start, i);
  }
  return text.slice(start);
}

const isGc = (name: string) => GC.test(name) && !NOT_GC.test(name);
const isCompiler = (name: string) => JIT.test(name);

/**
 * One callgrind dump: per function (by callgrind's name), its self instructions and, per caller, the
 * instructions of the calls that caller made to it (inclusive, as callgrind records each call arc).
 */
export type CallGraph = { names: string[]; self: number[]; callers: Map<number, number>[] };

/** Reads callgrind's output format (compressed names, one event, calls followed by their inclusive cost). */
export function parseCallgrind(text: string): CallGraph {
  const graph: CallGraph = { names: [], self: [], callers: [] };
  const ids = new Map<string, number>(); // callgrind's compressed name id (or the name itself) → index
  const fnIndex = (spec: string) => {
    const match = /^\((\d+)\)(?: (.*))?$/.exec(spec);
    const key = match ? match[1]! : spec;
    let index = ids.get(key);
    if (index === undefined) {
      ids.set(key, (index = graph.names.length));
      graph.names.push("");
      graph.self.push(0);
      graph.callers.push(new Map());
    }
    const name = match ? match[2] : spec;
    if (name !== undefined) graph.names[index] = name;
    return index;
  };
  let fn = -1;
  let callee = -1;
  let callCost = false; // the next cost line is a call's inclusive cost, not the function's own
  for (const line of text.split("\n")) {
    const first = line.charCodeAt(0);
    if ((first >= 48 && first <= 57) || line[0] === "+" || line[0] === "-" || line[0] === "*") {
      const space = line.indexOf(" "); // "position cost"
      const cost = space < 0 ? 0 : Number(line.slice(space + 1));
      if (!callCost) graph.self[fn]! += cost;
      else if (cost > 0) graph.callers[callee]!.set(fn, (graph.callers[callee]!.get(fn) ?? 0) + cost);
      callCost = false;
    } else if (line.startsWith("fn=")) fn = fnIndex(line.slice(3));
    else if (line.startsWith("cfn=")) callee = fnIndex(line.slice(4));
    else if (line.startsWith("calls=")) callCost = true;
  }
  return graph;
}

/**
 * The share of each function's instructions that ran for the collector and for the compiler. A
 * function named as theirs is wholly theirs and JavaScript (JIT code, builtins) wholly work; any other
 * native function (`memset`, `malloc`, locks, `__popcountdi2`, `HeapObject::SizeFromMap`, `std::`
 * containers) takes its callers' shares, weighted by what each caller's calls to it cost (callgrind's
 * call arcs): `memset` counts as GC when the collector called it and as work when the app did. Exact
 * for a function that calls nothing, by proportion for one that calls others. Solved by iteration,
 * since calls form cycles.
 */
type Shares = { gc: Float64Array; jit: Float64Array };

export function shares(graph: CallGraph): Shares {
  const count = graph.names.length;
  const gc = new Float64Array(count);
  const jit = new Float64Array(count);
  const free: number[] = [];
  for (let f = 0; f < count; f++) {
    const name = ownName(graph.names[f]!);
    if (isCompiler(name)) jit[f] = 1;
    else if (isGc(name)) gc[f] = 1;
    else if (!JAVASCRIPT.test(name) && graph.callers[f]!.size > 0) free.push(f);
  }
  for (let round = 0; round < 200; round++) {
    let change = 0;
    for (const f of free) {
      let total = 0;
      let underGc = 0;
      let underJit = 0;
      for (const [caller, cost] of graph.callers[f]!) {
        total += cost;
        underGc += cost * gc[caller]!;
        underJit += cost * jit[caller]!;
      }
      const nextGc = underGc / total;
      const nextJit = underJit / total;
      change = Math.max(change, Math.abs(nextGc - gc[f]!), Math.abs(nextJit - jit[f]!));
      gc[f] = nextGc;
      jit[f] = nextJit;
    }
    if (change < 1e-12) break;
  }
  return { gc, jit };
}

/** A function's instructions that were work: its own, less the collector's and the compiler's shares. */
const workOf = (graph: CallGraph, { gc, jit }: Shares, f: number) => graph.self[f]! * (1 - gc[f]! - jit[f]!);

/** Splits a dump's instructions into work, GC and JIT compilation, each function's by its share (`shares`). */
export function categorize(graph: CallGraph, split = shares(graph)): InstructionSample {
  const { gc, jit } = split;
  const sample: InstructionSample = { work: 0, gc: 0, jit: 0, zlib: 0 };
  graph.self.forEach((self, f) => {
    const work = workOf(graph, split, f);
    sample.gc += self * gc[f]!;
    sample.jit += self * jit[f]!;
    sample.work += work;
    if (ZLIB.test(ownName(graph.names[f]!))) sample.zlib += work;
  });
  // Whole instructions: a share is a fraction, found by iteration.
  return { work: Math.round(sample.work), gc: Math.round(sample.gc), jit: Math.round(sample.jit), zlib: Math.round(sample.zlib) };
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

/** Work instructions per function of a dump (as `categorize` counts work), JIT-compiled code named through `map`. */
export function countByFunction(graph: CallGraph, map: JitMap, split = shares(graph)): FunctionCounts {
  const counts: FunctionCounts = new Map();
  graph.names.forEach((own, f) => {
    const work = workOf(graph, split, f);
    if (work === 0) return;
    const address = /^0x([0-9a-f]+)/.exec(own);
    const name = address ? (jitName(map, parseInt(address[1]!, 16)) ?? "(unnamed JIT code)") : own;
    counts.set(name, (counts.get(name) ?? 0) + work);
  });
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

/** Stops counting, so the next route's warm-up runs at the uncounted speed (several times faster). */
export function stopCounting(pid: number): void {
  control(pid, "--instr=off");
}

/**
 * Ends a sample: dumps the counters to a new file and reads it back; with the app's perf map
 * (`--jit-names`), also its instructions per function.
 */
export function dumpSample(pid: number, outFile: string, dumpNumber: number, perfMap?: string): InstructionSample & { functions?: FunctionCounts } {
  control(pid, "--dump");
  const graph = parseCallgrind(readFileSync(`${outFile.replace("%p", String(pid))}.${dumpNumber}`, "utf8"));
  const split = shares(graph); // once per dump, for both
  return { ...categorize(graph, split), ...(perfMap && { functions: countByFunction(graph, parsePerfMap(readFileSync(perfMap, "utf8")), split) }) };
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
