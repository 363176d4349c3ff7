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

/** `zlib` is part of `work`, also counted apart: the export's gzip is the largest native part telemetry adds. */
export type InstructionSample = { work: number; gc: number; jit: number; zlib: number };

const GC = /Heap|Mark|Scaveng|Sweep|Visitor|Evacuat|Compact|heap::base|cppgc|Remembered|SlotSet|MemoryChunk|PagedSpace|NewSpace|GCTracer|MemoryAllocator|WeakObjects|IncrementalMarking|ArrayBufferSweeper/;
const JIT = /compiler::|maglev::|turboshaft|Parser|Scanner|Compil|BytecodeGenerator|interpreter::Bytecode|baseline::|Assembler/;
/** zlib's C functions as Node's binary names them (deflate, its Huffman trees, CRC-32). */
const ZLIB = /^\?\?\?:(deflate\w*|inflate\w*|compress_block|longest_match|fill_window|pqdownheap[\w.]*|build_tree|send_tree|scan_tree|gen_bitlen|gen_codes|_tr_\w+|bi_\w+|crc32\w*|crc_fold\w*|copy_with_crc|adler32\w*) \[/;

/** Splits `callgrind_annotate` output (self cost per function) into work, GC and JIT compilation. */
export function categorize(annotated: string): InstructionSample {
  const sample: InstructionSample = { work: 0, gc: 0, jit: 0, zlib: 0 };
  for (const line of annotated.split("\n")) {
    const match = /^\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)$/.exec(line);
    if (!match || match[2]!.includes("PROGRAM TOTALS")) continue;
    const count = Number(match[1]!.replaceAll(",", ""));
    const name = match[2]!;
    if (GC.test(name) && !name.includes("Factory")) sample.gc += count;
    else if (JIT.test(name)) sample.jit += count;
    else {
      sample.work += count;
      if (ZLIB.test(name)) sample.zlib += count;
    }
  }
  return sample;
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

/** Ends a sample: dumps the counters to a new file and reads it back. */
export function dumpSample(pid: number, outFile: string, dumpNumber: number): InstructionSample {
  control(pid, "--dump");
  const annotated = execFileSync("callgrind_annotate", ["--inclusive=no", "--threshold=100", `${outFile.replace("%p", String(pid))}.${dumpNumber}`], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  return categorize(annotated);
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
