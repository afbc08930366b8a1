// The opcode table: one table drives decoding (immediate kinds), typing (simple signatures),
// lowering and gas classes. Opcode numbers are combined: a one-byte opcode is its byte; a prefixed
// opcode is (prefix << 8) | sub-opcode, e.g. 0xfc0a for memory.copy and 0xfd0c for v128.const.

/** How an instruction's immediates are encoded. */
export const enum Imm {
  None = 0,
  BlockType = 1,      // block, loop, if
  Label = 2,          // br, br_if
  BrTable = 3,        // br_table: vec(label) label
  Func = 4,           // call, ref.func
  CallIndirect = 5,   // typeidx tableidx
  Local = 6,
  Global = 7,
  Table = 8,          // table.get/set/grow/size/fill
  MemArg = 9,         // align offset
  MemIndex = 10,      // memory.size/grow/fill: a single memory index (must be 0 byte in 2.0)
  I32 = 11,
  I64 = 12,
  F32 = 13,
  F64 = 14,
  RefType = 15,       // ref.null
  SelectT = 16,       // typed select: vec(valtype)
  Data = 17,          // data.drop
  Elem = 18,          // elem.drop
  MemoryInit = 19,    // dataidx memidx
  MemoryCopy = 20,    // memidx memidx
  TableInit = 21,     // elemidx tableidx
  TableCopy = 22,     // tableidx tableidx
  V128 = 23,          // 16 bytes
  Shuffle = 24,       // 16 lane indices
  Lane = 25,          // one lane index byte
  MemArgLane = 26,    // memarg then lane index
}

export const enum Feature {
  Mvp = 0,
  SignExt = 1,
  SatFloatToInt = 2,
  MultiValue = 3,
  BulkMemory = 4,
  ReferenceTypes = 5,
  Simd = 6,
}

export interface OpInfo {
  readonly code: number;
  readonly name: string;
  readonly imm: Imm;
  /** Operand types popped, as ValType codes, or undefined for instructions the validator types specially. */
  readonly params: readonly number[] | undefined;
  readonly results: readonly number[] | undefined;
  readonly feature: Feature;
  /** Natural alignment exponent (log2 of access bytes) for memory instructions; -1 otherwise. */
  readonly naturalAlign: number;
}

// code name imm signature(params:results, or * for special typing)
// Signature letters: i=i32 I=i64 f=f32 F=f64 v=v128.
const TABLE = `
00 unreachable - *
01 nop - :
02 block bt *
03 loop bt *
04 if bt *
05 else - *
0b end - *
0c br label *
0d br_if label *
0e br_table brtable *
0f return - *
10 call func *
11 call_indirect callind *
1a drop - *
1b select - *
1c select_t selt *
20 local.get local *
21 local.set local *
22 local.tee local *
23 global.get global *
24 global.set global *
25 table.get table *
26 table.set table *
28 i32.load mem i:i 2
29 i64.load mem i:I 3
2a f32.load mem i:f 2
2b f64.load mem i:F 3
2c i32.load8_s mem i:i 0
2d i32.load8_u mem i:i 0
2e i32.load16_s mem i:i 1
2f i32.load16_u mem i:i 1
30 i64.load8_s mem i:I 0
31 i64.load8_u mem i:I 0
32 i64.load16_s mem i:I 1
33 i64.load16_u mem i:I 1
34 i64.load32_s mem i:I 2
35 i64.load32_u mem i:I 2
36 i32.store mem ii: 2
37 i64.store mem iI: 3
38 f32.store mem if: 2
39 f64.store mem iF: 3
3a i32.store8 mem ii: 0
3b i32.store16 mem ii: 1
3c i64.store8 mem iI: 0
3d i64.store16 mem iI: 1
3e i64.store32 mem iI: 2
3f memory.size memidx :i
40 memory.grow memidx i:i
41 i32.const i32 :i
42 i64.const i64 :I
43 f32.const f32 :f
44 f64.const f64 :F
45 i32.eqz - i:i
46 i32.eq - ii:i
47 i32.ne - ii:i
48 i32.lt_s - ii:i
49 i32.lt_u - ii:i
4a i32.gt_s - ii:i
4b i32.gt_u - ii:i
4c i32.le_s - ii:i
4d i32.le_u - ii:i
4e i32.ge_s - ii:i
4f i32.ge_u - ii:i
50 i64.eqz - I:i
51 i64.eq - II:i
52 i64.ne - II:i
53 i64.lt_s - II:i
54 i64.lt_u - II:i
55 i64.gt_s - II:i
56 i64.gt_u - II:i
57 i64.le_s - II:i
58 i64.le_u - II:i
59 i64.ge_s - II:i
5a i64.ge_u - II:i
5b f32.eq - ff:i
5c f32.ne - ff:i
5d f32.lt - ff:i
5e f32.gt - ff:i
5f f32.le - ff:i
60 f32.ge - ff:i
61 f64.eq - FF:i
62 f64.ne - FF:i
63 f64.lt - FF:i
64 f64.gt - FF:i
65 f64.le - FF:i
66 f64.ge - FF:i
67 i32.clz - i:i
68 i32.ctz - i:i
69 i32.popcnt - i:i
6a i32.add - ii:i
6b i32.sub - ii:i
6c i32.mul - ii:i
6d i32.div_s - ii:i
6e i32.div_u - ii:i
6f i32.rem_s - ii:i
70 i32.rem_u - ii:i
71 i32.and - ii:i
72 i32.or - ii:i
73 i32.xor - ii:i
74 i32.shl - ii:i
75 i32.shr_s - ii:i
76 i32.shr_u - ii:i
77 i32.rotl - ii:i
78 i32.rotr - ii:i
79 i64.clz - I:I
7a i64.ctz - I:I
7b i64.popcnt - I:I
7c i64.add - II:I
7d i64.sub - II:I
7e i64.mul - II:I
7f i64.div_s - II:I
80 i64.div_u - II:I
81 i64.rem_s - II:I
82 i64.rem_u - II:I
83 i64.and - II:I
84 i64.or - II:I
85 i64.xor - II:I
86 i64.shl - II:I
87 i64.shr_s - II:I
88 i64.shr_u - II:I
89 i64.rotl - II:I
8a i64.rotr - II:I
8b f32.abs - f:f
8c f32.neg - f:f
8d f32.ceil - f:f
8e f32.floor - f:f
8f f32.trunc - f:f
90 f32.nearest - f:f
91 f32.sqrt - f:f
92 f32.add - ff:f
93 f32.sub - ff:f
94 f32.mul - ff:f
95 f32.div - ff:f
96 f32.min - ff:f
97 f32.max - ff:f
98 f32.copysign - ff:f
99 f64.abs - F:F
9a f64.neg - F:F
9b f64.ceil - F:F
9c f64.floor - F:F
9d f64.trunc - F:F
9e f64.nearest - F:F
9f f64.sqrt - F:F
a0 f64.add - FF:F
a1 f64.sub - FF:F
a2 f64.mul - FF:F
a3 f64.div - FF:F
a4 f64.min - FF:F
a5 f64.max - FF:F
a6 f64.copysign - FF:F
a7 i32.wrap_i64 - I:i
a8 i32.trunc_f32_s - f:i
a9 i32.trunc_f32_u - f:i
aa i32.trunc_f64_s - F:i
ab i32.trunc_f64_u - F:i
ac i64.extend_i32_s - i:I
ad i64.extend_i32_u - i:I
ae i64.trunc_f32_s - f:I
af i64.trunc_f32_u - f:I
b0 i64.trunc_f64_s - F:I
b1 i64.trunc_f64_u - F:I
b2 f32.convert_i32_s - i:f
b3 f32.convert_i32_u - i:f
b4 f32.convert_i64_s - I:f
b5 f32.convert_i64_u - I:f
b6 f32.demote_f64 - F:f
b7 f64.convert_i32_s - i:F
b8 f64.convert_i32_u - i:F
b9 f64.convert_i64_s - I:F
ba f64.convert_i64_u - I:F
bb f64.promote_f32 - f:F
bc i32.reinterpret_f32 - f:i
bd i64.reinterpret_f64 - F:I
be f32.reinterpret_i32 - i:f
bf f64.reinterpret_i64 - I:F
c0 i32.extend8_s - i:i
c1 i32.extend16_s - i:i
c2 i64.extend8_s - I:I
c3 i64.extend16_s - I:I
c4 i64.extend32_s - I:I
d0 ref.null reftype *
d1 ref.is_null - *
d2 ref.func func *
fc00 i32.trunc_sat_f32_s - f:i
fc01 i32.trunc_sat_f32_u - f:i
fc02 i32.trunc_sat_f64_s - F:i
fc03 i32.trunc_sat_f64_u - F:i
fc04 i64.trunc_sat_f32_s - f:I
fc05 i64.trunc_sat_f32_u - f:I
fc06 i64.trunc_sat_f64_s - F:I
fc07 i64.trunc_sat_f64_u - F:I
fc08 memory.init meminit iii:
fc09 data.drop data :
fc0a memory.copy memcopy iii:
fc0b memory.fill memidx iii:
fc0c table.init tableinit iii:
fc0d elem.drop elem :
fc0e table.copy tablecopy iii:
fc0f table.grow table *
fc10 table.size table :i
fc11 table.fill table *
fd00 v128.load mem i:v 4
fd01 v128.load8x8_s mem i:v 3
fd02 v128.load8x8_u mem i:v 3
fd03 v128.load16x4_s mem i:v 3
fd04 v128.load16x4_u mem i:v 3
fd05 v128.load32x2_s mem i:v 3
fd06 v128.load32x2_u mem i:v 3
fd07 v128.load8_splat mem i:v 0
fd08 v128.load16_splat mem i:v 1
fd09 v128.load32_splat mem i:v 2
fd0a v128.load64_splat mem i:v 3
fd0b v128.store mem iv: 4
fd0c v128.const v128 :v
fd0d i8x16.shuffle shuffle vv:v
fd0e i8x16.swizzle - vv:v
fd0f i8x16.splat - i:v
fd10 i16x8.splat - i:v
fd11 i32x4.splat - i:v
fd12 i64x2.splat - I:v
fd13 f32x4.splat - f:v
fd14 f64x2.splat - F:v
fd15 i8x16.extract_lane_s lane v:i
fd16 i8x16.extract_lane_u lane v:i
fd17 i8x16.replace_lane lane vi:v
fd18 i16x8.extract_lane_s lane v:i
fd19 i16x8.extract_lane_u lane v:i
fd1a i16x8.replace_lane lane vi:v
fd1b i32x4.extract_lane lane v:i
fd1c i32x4.replace_lane lane vi:v
fd1d i64x2.extract_lane lane v:I
fd1e i64x2.replace_lane lane vI:v
fd1f f32x4.extract_lane lane v:f
fd20 f32x4.replace_lane lane vf:v
fd21 f64x2.extract_lane lane v:F
fd22 f64x2.replace_lane lane vF:v
fd23 i8x16.eq - vv:v
fd24 i8x16.ne - vv:v
fd25 i8x16.lt_s - vv:v
fd26 i8x16.lt_u - vv:v
fd27 i8x16.gt_s - vv:v
fd28 i8x16.gt_u - vv:v
fd29 i8x16.le_s - vv:v
fd2a i8x16.le_u - vv:v
fd2b i8x16.ge_s - vv:v
fd2c i8x16.ge_u - vv:v
fd2d i16x8.eq - vv:v
fd2e i16x8.ne - vv:v
fd2f i16x8.lt_s - vv:v
fd30 i16x8.lt_u - vv:v
fd31 i16x8.gt_s - vv:v
fd32 i16x8.gt_u - vv:v
fd33 i16x8.le_s - vv:v
fd34 i16x8.le_u - vv:v
fd35 i16x8.ge_s - vv:v
fd36 i16x8.ge_u - vv:v
fd37 i32x4.eq - vv:v
fd38 i32x4.ne - vv:v
fd39 i32x4.lt_s - vv:v
fd3a i32x4.lt_u - vv:v
fd3b i32x4.gt_s - vv:v
fd3c i32x4.gt_u - vv:v
fd3d i32x4.le_s - vv:v
fd3e i32x4.le_u - vv:v
fd3f i32x4.ge_s - vv:v
fd40 i32x4.ge_u - vv:v
fd41 f32x4.eq - vv:v
fd42 f32x4.ne - vv:v
fd43 f32x4.lt - vv:v
fd44 f32x4.gt - vv:v
fd45 f32x4.le - vv:v
fd46 f32x4.ge - vv:v
fd47 f64x2.eq - vv:v
fd48 f64x2.ne - vv:v
fd49 f64x2.lt - vv:v
fd4a f64x2.gt - vv:v
fd4b f64x2.le - vv:v
fd4c f64x2.ge - vv:v
fd4d v128.not - v:v
fd4e v128.and - vv:v
fd4f v128.andnot - vv:v
fd50 v128.or - vv:v
fd51 v128.xor - vv:v
fd52 v128.bitselect - vvv:v
fd53 v128.any_true - v:i
fd54 v128.load8_lane memlane iv:v 0
fd55 v128.load16_lane memlane iv:v 1
fd56 v128.load32_lane memlane iv:v 2
fd57 v128.load64_lane memlane iv:v 3
fd58 v128.store8_lane memlane iv: 0
fd59 v128.store16_lane memlane iv: 1
fd5a v128.store32_lane memlane iv: 2
fd5b v128.store64_lane memlane iv: 3
fd5c v128.load32_zero mem i:v 2
fd5d v128.load64_zero mem i:v 3
fd5e f32x4.demote_f64x2_zero - v:v
fd5f f64x2.promote_low_f32x4 - v:v
fd60 i8x16.abs - v:v
fd61 i8x16.neg - v:v
fd62 i8x16.popcnt - v:v
fd63 i8x16.all_true - v:i
fd64 i8x16.bitmask - v:i
fd65 i8x16.narrow_i16x8_s - vv:v
fd66 i8x16.narrow_i16x8_u - vv:v
fd67 f32x4.ceil - v:v
fd68 f32x4.floor - v:v
fd69 f32x4.trunc - v:v
fd6a f32x4.nearest - v:v
fd6b i8x16.shl - vi:v
fd6c i8x16.shr_s - vi:v
fd6d i8x16.shr_u - vi:v
fd6e i8x16.add - vv:v
fd6f i8x16.add_sat_s - vv:v
fd70 i8x16.add_sat_u - vv:v
fd71 i8x16.sub - vv:v
fd72 i8x16.sub_sat_s - vv:v
fd73 i8x16.sub_sat_u - vv:v
fd74 f64x2.ceil - v:v
fd75 f64x2.floor - v:v
fd76 i8x16.min_s - vv:v
fd77 i8x16.min_u - vv:v
fd78 i8x16.max_s - vv:v
fd79 i8x16.max_u - vv:v
fd7a f64x2.trunc - v:v
fd7b i8x16.avgr_u - vv:v
fd7c i16x8.extadd_pairwise_i8x16_s - v:v
fd7d i16x8.extadd_pairwise_i8x16_u - v:v
fd7e i32x4.extadd_pairwise_i16x8_s - v:v
fd7f i32x4.extadd_pairwise_i16x8_u - v:v
fd80 i16x8.abs - v:v
fd81 i16x8.neg - v:v
fd82 i16x8.q15mulr_sat_s - vv:v
fd83 i16x8.all_true - v:i
fd84 i16x8.bitmask - v:i
fd85 i16x8.narrow_i32x4_s - vv:v
fd86 i16x8.narrow_i32x4_u - vv:v
fd87 i16x8.extend_low_i8x16_s - v:v
fd88 i16x8.extend_high_i8x16_s - v:v
fd89 i16x8.extend_low_i8x16_u - v:v
fd8a i16x8.extend_high_i8x16_u - v:v
fd8b i16x8.shl - vi:v
fd8c i16x8.shr_s - vi:v
fd8d i16x8.shr_u - vi:v
fd8e i16x8.add - vv:v
fd8f i16x8.add_sat_s - vv:v
fd90 i16x8.add_sat_u - vv:v
fd91 i16x8.sub - vv:v
fd92 i16x8.sub_sat_s - vv:v
fd93 i16x8.sub_sat_u - vv:v
fd94 f64x2.nearest - v:v
fd95 i16x8.mul - vv:v
fd96 i16x8.min_s - vv:v
fd97 i16x8.min_u - vv:v
fd98 i16x8.max_s - vv:v
fd99 i16x8.max_u - vv:v
fd9b i16x8.avgr_u - vv:v
fd9c i16x8.extmul_low_i8x16_s - vv:v
fd9d i16x8.extmul_high_i8x16_s - vv:v
fd9e i16x8.extmul_low_i8x16_u - vv:v
fd9f i16x8.extmul_high_i8x16_u - vv:v
fda0 i32x4.abs - v:v
fda1 i32x4.neg - v:v
fda3 i32x4.all_true - v:i
fda4 i32x4.bitmask - v:i
fda7 i32x4.extend_low_i16x8_s - v:v
fda8 i32x4.extend_high_i16x8_s - v:v
fda9 i32x4.extend_low_i16x8_u - v:v
fdaa i32x4.extend_high_i16x8_u - v:v
fdab i32x4.shl - vi:v
fdac i32x4.shr_s - vi:v
fdad i32x4.shr_u - vi:v
fdae i32x4.add - vv:v
fdb1 i32x4.sub - vv:v
fdb5 i32x4.mul - vv:v
fdb6 i32x4.min_s - vv:v
fdb7 i32x4.min_u - vv:v
fdb8 i32x4.max_s - vv:v
fdb9 i32x4.max_u - vv:v
fdba i32x4.dot_i16x8_s - vv:v
fdbc i32x4.extmul_low_i16x8_s - vv:v
fdbd i32x4.extmul_high_i16x8_s - vv:v
fdbe i32x4.extmul_low_i16x8_u - vv:v
fdbf i32x4.extmul_high_i16x8_u - vv:v
fdc0 i64x2.abs - v:v
fdc1 i64x2.neg - v:v
fdc3 i64x2.all_true - v:i
fdc4 i64x2.bitmask - v:i
fdc7 i64x2.extend_low_i32x4_s - v:v
fdc8 i64x2.extend_high_i32x4_s - v:v
fdc9 i64x2.extend_low_i32x4_u - v:v
fdca i64x2.extend_high_i32x4_u - v:v
fdcb i64x2.shl - vi:v
fdcc i64x2.shr_s - vi:v
fdcd i64x2.shr_u - vi:v
fdce i64x2.add - vv:v
fdd1 i64x2.sub - vv:v
fdd5 i64x2.mul - vv:v
fdd6 i64x2.eq - vv:v
fdd7 i64x2.ne - vv:v
fdd8 i64x2.lt_s - vv:v
fdd9 i64x2.gt_s - vv:v
fdda i64x2.le_s - vv:v
fddb i64x2.ge_s - vv:v
fddc i64x2.extmul_low_i32x4_s - vv:v
fddd i64x2.extmul_high_i32x4_s - vv:v
fdde i64x2.extmul_low_i32x4_u - vv:v
fddf i64x2.extmul_high_i32x4_u - vv:v
fde0 f32x4.abs - v:v
fde1 f32x4.neg - v:v
fde3 f32x4.sqrt - v:v
fde4 f32x4.add - vv:v
fde5 f32x4.sub - vv:v
fde6 f32x4.mul - vv:v
fde7 f32x4.div - vv:v
fde8 f32x4.min - vv:v
fde9 f32x4.max - vv:v
fdea f32x4.pmin - vv:v
fdeb f32x4.pmax - vv:v
fdec f64x2.abs - v:v
fded f64x2.neg - v:v
fdef f64x2.sqrt - v:v
fdf0 f64x2.add - vv:v
fdf1 f64x2.sub - vv:v
fdf2 f64x2.mul - vv:v
fdf3 f64x2.div - vv:v
fdf4 f64x2.min - vv:v
fdf5 f64x2.max - vv:v
fdf6 f64x2.pmin - vv:v
fdf7 f64x2.pmax - vv:v
fdf8 i32x4.trunc_sat_f32x4_s - v:v
fdf9 i32x4.trunc_sat_f32x4_u - v:v
fdfa f32x4.convert_i32x4_s - v:v
fdfb f32x4.convert_i32x4_u - v:v
fdfc i32x4.trunc_sat_f64x2_s_zero - v:v
fdfd i32x4.trunc_sat_f64x2_u_zero - v:v
fdfe f64x2.convert_low_i32x4_s - v:v
fdff f64x2.convert_low_i32x4_u - v:v
`;

const IMM_BY_NAME: Record<string, Imm> = {
  "-": Imm.None, bt: Imm.BlockType, label: Imm.Label, brtable: Imm.BrTable, func: Imm.Func,
  callind: Imm.CallIndirect, local: Imm.Local, global: Imm.Global, table: Imm.Table, mem: Imm.MemArg,
  memidx: Imm.MemIndex, i32: Imm.I32, i64: Imm.I64, f32: Imm.F32, f64: Imm.F64, reftype: Imm.RefType,
  selt: Imm.SelectT, data: Imm.Data, elem: Imm.Elem, meminit: Imm.MemoryInit, memcopy: Imm.MemoryCopy,
  tableinit: Imm.TableInit, tablecopy: Imm.TableCopy, v128: Imm.V128, shuffle: Imm.Shuffle, lane: Imm.Lane,
  memlane: Imm.MemArgLane,
};

const TYPE_BY_LETTER: Record<string, number> = { i: 0x7f, I: 0x7e, f: 0x7d, F: 0x7c, v: 0x7b };

function featureOf(code: number): Feature {
  if (code >= 0xfd00) return Feature.Simd;
  if (code >= 0xfc00 && code <= 0xfc07) return Feature.SatFloatToInt;
  if (code >= 0xfc08 && code <= 0xfc0e) return Feature.BulkMemory;
  if (code >= 0xfc0f) return Feature.ReferenceTypes;
  if (code >= 0xc0 && code <= 0xc4) return Feature.SignExt;
  if (code === 0x1c || code === 0x25 || code === 0x26 || (code >= 0xd0 && code <= 0xd2)) return Feature.ReferenceTypes;
  return Feature.Mvp;
}

function parseTable(): Map<number, OpInfo> {
  const ops = new Map<number, OpInfo>();
  for (const line of TABLE.split("\n")) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 3) continue;
    const [hex, name, immName, sig, align] = fields;
    const code = parseInt(hex, 16);
    const imm = IMM_BY_NAME[immName];
    if (imm === undefined) throw new Error(`opcode table: unknown immediate kind ${immName} for ${name}`);
    let params: number[] | undefined;
    let results: number[] | undefined;
    if (sig !== "*") {
      const [p, r] = sig.split(":");
      params = [...p].map((ch) => TYPE_BY_LETTER[ch]);
      results = [...r].map((ch) => TYPE_BY_LETTER[ch]);
    }
    ops.set(code, { code, name, imm, params, results, feature: featureOf(code), naturalAlign: align === undefined ? -1 : Number(align) });
  }
  return ops;
}

/** Every Wasm 2.0 instruction, keyed by combined opcode. */
export const OPCODES: ReadonlyMap<number, OpInfo> = parseTable();

/** Combined opcode by mnemonic, e.g. OPCODE_BY_NAME.get("i32.add") === 0x6a. */
export const OPCODE_BY_NAME: ReadonlyMap<string, number> = new Map([...OPCODES.values()].map((op) => [op.name, op.code]));

/** Dense lookup for the decoder: index by combined opcode (0..0xfdff). */
export const OPINFO_DENSE: readonly (OpInfo | undefined)[] = (() => {
  const dense: (OpInfo | undefined)[] = new Array(0xfe00).fill(undefined);
  for (const op of OPCODES.values()) dense[op.code] = op;
  return dense;
})();

export function opName(code: number): string {
  return OPCODES.get(code)?.name ?? `<opcode 0x${code.toString(16)}>`;
}
