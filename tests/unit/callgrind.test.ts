import { describe, expect, it } from "vitest";
import { categorize, countByFunction, parsePerfMap } from "../../bench/callgrind";

// The shape of `callgrind_annotate --inclusive=no` output, lines taken from a real run of the app.
const ANNOTATED = `--------------------------------------------------------------------------------
Ir
--------------------------------------------------------------------------------
1,000,000 (100.0%)  PROGRAM TOTALS

--------------------------------------------------------------------------------
Ir                    file:function
--------------------------------------------------------------------------------
300,000 (30.00%)  ???:void v8::internal::MarkingVisitorBase<v8::internal::MainMarkingVisitor>::ProcessStrongHeapObject<v8::internal::FullHeapObjectSlot>(v8::internal::Tagged<v8::internal::HeapObject>) [/opt/node24/bin/node]
100,000 (10.00%)  ???:heap::base::SlotCallbackResult v8::internal::Scavenger::ScavengeObject<v8::internal::FullHeapObjectSlot>(v8::internal::FullHeapObjectSlot) [/opt/node24/bin/node]
 50,000 ( 5.00%)  ???:v8::internal::compiler::GraphReducer::ReduceTop() [/opt/node24/bin/node]
 25,000 ( 2.50%)  ???:v8::internal::maglev::MaglevGraphBuilder::Build() [/opt/node24/bin/node]
 20,000 ( 2.00%)  ???:v8::internal::Tagged<v8::internal::HeapObject> v8::internal::Factory::AllocateRawWithImmortalMap(int, v8::internal::AllocationType, v8::internal::Tagged<v8::internal::Map>) [/opt/node24/bin/node]
150,000 (15.00%)  ???:deflate_slow [/opt/node24/bin/node]
 40,000 ( 4.00%)  ???:crc32_z [/opt/node24/bin/node]
 10,000 ( 1.00%)  ???:pqdownheap.constprop.0 [/opt/node24/bin/node]
150,000 (15.00%)  ???:Builtins_LoadIC [/opt/node24/bin/node]
155,000 (15.50%)  ???:0x00000000283677c0 [???]
`;

describe("categorize (bench --instructions)", () => {
  it("splits a callgrind profile into work, garbage collection and compilation, counting each line once", () => {
    const sample = categorize(ANNOTATED);
    expect(sample).toEqual({ gc: 400_000, jit: 75_000, work: 525_000, zlib: 200_000 });
    // Allocation is the app's work, not the collector's, though V8 names it in the heap's namespace.
    expect(sample.gc + sample.jit + sample.work).toBe(1_000_000);
  });

  it("counts zlib's functions (the export's gzip) apart, inside work, and no V8 function whose name merely contains one", () => {
    const v8 = " 7,000 ( 0.70%)  ???:v8::internal::compiler::MoveOptimizer::CompressMoves(v8::internal::compiler::ParallelMove*) [/opt/node24/bin/node]\n";
    const builtin = " 3,000 ( 0.30%)  ???:Builtins_StringPrototypeStartsWith [/opt/node24/bin/node]\n";
    expect(categorize(ANNOTATED + v8 + builtin)).toEqual({ gc: 400_000, jit: 82_000, work: 528_000, zlib: 200_000 });
  });

  it("counts the collector's helpers without a GC word in their names as GC: marking code, sweeping free lists, refilling allocation areas", () => {
    // Self costs from a create_project sample (2026-11-28), each called from the marker, the sweeper or the scavenger.
    const helpers = [
      "27,803,946 ( 1.00%)  ???:v8::internal::RelocIteratorBase<v8::internal::RelocInfo>::next() [/opt/node24/bin/node]",
      "15,580,111 ( 0.56%)  ???:v8::internal::JSFunction::NeedsResetDueToFlushedBytecode(v8::internal::Isolate*) [/opt/node24/bin/node]",
      "10,088,183 ( 0.36%)  ???:v8::internal::FreeListManyCached::Free(v8::internal::WritableFreeSpace const&, v8::internal::FreeMode) [/opt/node24/bin/node]",
      " 5,390,141 ( 0.19%)  ???:v8::internal::MainAllocator::ResetLab(unsigned long, unsigned long, unsigned long) [/opt/node24/bin/node]",
      " 3,533,306 ( 0.13%)  ???:v8::internal::Map::UsedInstanceSize() const [/opt/node24/bin/node]",
      " 3,100,550 ( 0.11%)  ???:v8::internal::MainAllocator::AllocateRawSlow(int, v8::internal::AllocationAlignment, v8::internal::AllocationOrigin) [/opt/node24/bin/node]",
    ].join("\n");
    expect(categorize(`${ANNOTATED}${helpers}\n`)).toEqual({ gc: 400_000 + 65_496_237, jit: 75_000, work: 525_000, zlib: 200_000 });
  });

  it("ignores the totals and anything that is not a cost line", () => {
    expect(categorize("1,000 (100.0%)  PROGRAM TOTALS\nno cost here\n")).toEqual({ gc: 0, jit: 0, work: 0, zlib: 0 });
  });
});

describe("countByFunction (bench --instructions --jit-names)", () => {
  // V8's perf map (--perf-basic-prof): "start size name", the tier in the name's mark; a reused address listed again.
  const MAP = [
    "28648c80 1640 JS:+'nextTick node:internal/process/task_queues:113:18",
    "28367000 100 JS:*'stale node:x:1:1",
    "28367000 1000 JS:*'handleRequest /app/node_modules/next/dist/server/base-server.js:566:28",
    "28400000 10 JS:~interpreted /app/lib/x.js:1:1",
  ].join("\n");
  const annotated = `${ANNOTATED}
 30,000 ( 3.00%)  ???:0x0000000028648e48 [???]
  5,000 ( 0.50%)  ???:0x0000000028574200'2 [???]
`;

  it("names JIT-compiled code through the perf map and sums the self instructions of work per function", () => {
    const counts = countByFunction(annotated, parsePerfMap(MAP));
    expect(counts.get("nextTick node:internal/process/task_queues:113:18")).toBe(30_000);
    // The later entry at a reused address wins; a name without its tier mark.
    expect(counts.get("handleRequest /app/node_modules/next/dist/server/base-server.js:566:28")).toBe(155_000);
    expect(counts.has("stale node:x:1:1")).toBe(false);
    // Outside every listed range: still counted, as unnamed JIT code.
    expect(counts.get("(unnamed JIT code)")).toBe(5_000);
    // Native functions keep the names callgrind gave them, without the "???:" file and the binary.
    expect(counts.get("deflate_slow")).toBe(150_000);
    // Work only, exactly as categorize counts it: the collector's and the compiler's functions are left out.
    expect(counts.has("v8::internal::compiler::GraphReducer::ReduceTop()")).toBe(false);
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(categorize(annotated).work);
    expect(categorize(annotated).work).toBe(560_000);
  });
});
