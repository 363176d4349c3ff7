import { describe, expect, it } from "vitest";
import { categorize, countByFunction, ownName, parseCallgrind, parsePerfMap } from "../../bench/callgrind";

type Fn = { name: string; self: number; calls?: [callee: string, inclusive: number][] };

/** A dump in callgrind's own format: compressed names, a call's inclusive cost on the line after `calls=`. */
function dump(functions: Fn[]): string {
  const ids = new Map<string, number>();
  const ref = (name: string) => {
    if (ids.has(name)) return `(${ids.get(name)})`;
    ids.set(name, ids.size + 1);
    return `(${ids.size}) ${name}`;
  };
  const lines = ["# callgrind format", "version: 1", "positions: line", "events: Ir", "", "ob=(1) /opt/node24/bin/node", "fl=(1) ???"];
  for (const { name, self, calls = [] } of functions) {
    // Self cost split over two lines, the second at a relative position, as callgrind writes them.
    lines.push(`fn=${ref(name)}`, `0 ${self - 1}`, "+2 1");
    for (const [callee, inclusive] of calls) lines.push(`cfn=${ref(callee)}`, "calls=3 0", `* ${inclusive}`);
    lines.push("");
  }
  return [...lines, `totals: ${functions.reduce((sum, { self }) => sum + self, 0)}`, ""].join("\n");
}

// Names as callgrind gives them in a real run of the app (Node 24's binary).
const MARK = "v8::internal::MarkingVisitorBase<v8::internal::MainMarkingVisitor>::ProcessStrongHeapObject<v8::internal::FullHeapObjectSlot>(v8::internal::Tagged<v8::internal::HeapObject>)";
const SCAVENGE =
  "heap::base::SlotCallbackResult v8::internal::Scavenger::ScavengeObject<v8::internal::FullHeapObjectSlot>(v8::internal::FullHeapObjectSlot, v8::internal::Tagged<v8::internal::HeapObject>)";
const TURBOFAN = "v8::internal::compiler::GraphReducer::ReduceTop()";
const MAGLEV = "v8::internal::maglev::MaglevGraphBuilder::Build()";
const ALLOCATE =
  "v8::internal::Tagged<v8::internal::HeapObject> v8::internal::Factory::AllocateRawWithImmortalMap(int, v8::internal::AllocationType, v8::internal::Tagged<v8::internal::Map>)";
const JS = "0x00000000283677c0";

const BASE: Fn[] = [
  { name: MARK, self: 300_000 },
  { name: SCAVENGE, self: 100_000 },
  { name: TURBOFAN, self: 50_000 },
  { name: MAGLEV, self: 25_000 },
  { name: ALLOCATE, self: 20_000 },
  { name: "deflate_slow", self: 150_000 },
  { name: "crc32_z", self: 40_000 },
  { name: "pqdownheap.constprop.0", self: 10_000 },
  { name: "Builtins_LoadIC", self: 150_000 },
  { name: JS, self: 155_000 },
];

describe("parseCallgrind", () => {
  it("reads each function's self instructions and, per caller, the inclusive cost of its calls", () => {
    const graph = parseCallgrind(dump([{ name: JS, self: 10, calls: [["memset", 7]] }, { name: "memset", self: 7 }]));
    const js = graph.names.indexOf(JS);
    const memset = graph.names.indexOf("memset");
    expect(graph.self[js]).toBe(10); // the call's 7 is the caller's inclusive cost, not its own
    expect(graph.self[memset]).toBe(7);
    expect([...graph.callers[memset]!]).toEqual([[js, 7]]);
  });
});

describe("categorize (bench --instructions)", () => {
  it("splits a dump into work, garbage collection and compilation, counting each instruction once", () => {
    const sample = categorize(parseCallgrind(dump(BASE)));
    expect(sample).toEqual({ gc: 400_000, jit: 75_000, work: 525_000, zlib: 200_000 });
    // Allocation is the app's work, not the collector's, though V8 names it in the heap's namespace.
    expect(sample.gc + sample.jit + sample.work).toBe(1_000_000);
  });

  it("counts zlib's functions (the export's gzip) apart, inside work, and no V8 function whose name merely contains one", () => {
    const more: Fn[] = [
      { name: "v8::internal::compiler::MoveOptimizer::CompressMoves(v8::internal::compiler::ParallelMove*)", self: 7_000 },
      { name: "Builtins_StringPrototypeStartsWith", self: 3_000 },
    ];
    expect(categorize(parseCallgrind(dump([...BASE, ...more])))).toEqual({ gc: 400_000, jit: 82_000, work: 528_000, zlib: 200_000 });
  });

  it("counts the collector's helpers without a GC word in their names as GC: marking code, sweeping free lists, refilling allocation areas", () => {
    // Self costs from a create_project sample (2026-11-28), each called from the marker, the sweeper or the scavenger.
    const helpers: Fn[] = [
      { name: "v8::internal::RelocIteratorBase<v8::internal::RelocInfo>::next()", self: 27_803_946 },
      { name: "v8::internal::JSFunction::NeedsResetDueToFlushedBytecode(v8::internal::Isolate*)", self: 15_580_111 },
      { name: "v8::internal::FreeListManyCached::Free(v8::internal::WritableFreeSpace const&, v8::internal::FreeMode)", self: 10_088_183 },
      { name: "v8::internal::MainAllocator::ResetLab(unsigned long, unsigned long, unsigned long)", self: 5_390_141 },
      { name: "v8::internal::Map::UsedInstanceSize() const", self: 3_533_306 },
      { name: "v8::internal::MainAllocator::AllocateRawSlow(int, v8::internal::AllocationAlignment, v8::internal::AllocationOrigin)", self: 3_100_550 },
    ];
    expect(categorize(parseCallgrind(dump([...BASE, ...helpers])))).toEqual({ gc: 400_000 + 65_496_237, jit: 75_000, work: 525_000, zlib: 200_000 });
  });

  it("reads a function by its own name, not its parameter types: JSON.stringify, Node's HTTP parser, a regular expression's match are work", () => {
    // Each was counted as the collector or the compiler by a match on the whole signature (HeapNumber, Parser,
    // Compact, Assembler), in 2026-11-28 dumps of the app.
    const work: Fn[] = [
      {
        name: "v8::internal::JsonStringifier::Result v8::internal::JsonStringifier::Serialize_<false>(v8::internal::Handle<v8::internal::Union<v8::internal::Smi, v8::internal::HeapNumber, v8::internal::BigInt, v8::internal::String, v8::internal::Symbol, v8::internal::Boolean, v8::internal::Null, v8::internal::Undefined, v8::internal::JSReceiver> >, bool, v8::internal::Handle<v8::internal::Object>) [clone .isra.0]'2",
        self: 1_000,
      },
      { name: "node::http_parser::Parser::OnStreamRead(long, uv_buf_t const&)", self: 2_000 },
      { name: "Builtins_Call_ReceiverIsNotNullOrUndefined_Baseline_Compact", self: 3_000 },
      {
        name: "v8::internal::NativeRegExpMacroAssembler::Match(v8::internal::DirectHandle<v8::internal::IrRegExpData>, v8::internal::DirectHandle<v8::internal::String>, int*, int, int, v8::internal::Isolate*)",
        self: 4_000,
      },
      { name: "v8::internal::OffHeapInstructionStream::TryGetAddressForHashing(v8::internal::Isolate*, unsigned long, unsigned int*)", self: 5_000 },
    ];
    expect(categorize(parseCallgrind(dump([...BASE, ...work])))).toEqual({ gc: 400_000, jit: 75_000, work: 540_000, zlib: 200_000 });
  });

  it("counts a native helper for whoever called it: memset for the collector or the app, malloc's own helpers in turn", () => {
    const graph = parseCallgrind(
      dump([
        { name: MARK, self: 100, calls: [["__memset_avx2_unaligned_erms", 1_000], ["malloc", 600]] },
        { name: JS, self: 100, calls: [["__memset_avx2_unaligned_erms", 3_000], ["malloc", 300]] },
        { name: TURBOFAN, self: 100, calls: [["malloc", 300]] },
        { name: "__memset_avx2_unaligned_erms", self: 4_000 },
        // malloc is half the collector's, a quarter the app's, a quarter the compiler's; so is what it calls.
        { name: "malloc", self: 400, calls: [["_int_malloc", 800]] },
        { name: "_int_malloc", self: 800 },
      ]),
    );
    expect(categorize(graph)).toEqual({ gc: 100 + 1_000 + 600, jit: 100 + 300, work: 100 + 3_000 + 300, zlib: 0 });
  });

  it("settles helpers that call one another in a cycle, and leaves JavaScript and builtins as work whoever calls them", () => {
    const graph = parseCallgrind(
      dump([
        { name: SCAVENGE, self: 0, calls: [["a", 100], [JS, 50]] },
        { name: "a", self: 60, calls: [["b", 40]] },
        { name: "b", self: 40, calls: [["a", 30]] },
        { name: JS, self: 50, calls: [["Builtins_LoadIC", 10]] },
        { name: "Builtins_LoadIC", self: 10 },
      ]),
    );
    // a and b are reached only from the collector, so wholly its; the JavaScript it ran (a weak callback) stays work.
    expect(categorize(graph)).toEqual({ gc: 100, jit: 0, work: 60, zlib: 0 });
  });
});

describe("ownName", () => {
  it("drops return type, parameters, clone and recursion suffixes, keeping template arguments", () => {
    expect(ownName(SCAVENGE)).toBe("v8::internal::Scavenger::ScavengeObject<v8::internal::FullHeapObjectSlot>");
    expect(ownName(ALLOCATE)).toBe("v8::internal::Factory::AllocateRawWithImmortalMap");
    expect(ownName("v8::internal::(anonymous namespace)::Invoke(v8::internal::Isolate*) [clone .part.0]'2")).toBe("v8::internal::{anonymous}::Invoke");
    expect(ownName("operator delete(void*, unsigned long)")).toBe("operator delete");
    expect(ownName("std::map<int, int>::operator[](int const&)")).toBe("std::map<int, int>::operator[]");
    expect(ownName("0x00000000283677c0'2")).toBe("0x00000000283677c0");
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
  const graph = parseCallgrind(
    dump([
      ...BASE,
      { name: "0x0000000028648e48", self: 30_000 },
      { name: "0x0000000028574200'2", self: 5_000 },
    ]),
  );

  it("names JIT-compiled code through the perf map and sums the self instructions of work per function", () => {
    const counts = countByFunction(graph, parsePerfMap(MAP));
    expect(counts.get("nextTick node:internal/process/task_queues:113:18")).toBe(30_000);
    // The later entry at a reused address wins; a name without its tier mark.
    expect(counts.get("handleRequest /app/node_modules/next/dist/server/base-server.js:566:28")).toBe(155_000);
    expect(counts.has("stale node:x:1:1")).toBe(false);
    // Outside every listed range: still counted, as unnamed JIT code.
    expect(counts.get("(unnamed JIT code)")).toBe(5_000);
    // Native functions keep the names callgrind gave them.
    expect(counts.get("deflate_slow")).toBe(150_000);
    // Work only, exactly as categorize counts it: the collector's and the compiler's functions are left out.
    expect(counts.has(TURBOFAN)).toBe(false);
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(categorize(graph).work);
    expect(categorize(graph).work).toBe(560_000);
  });
});
