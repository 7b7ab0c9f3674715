// A BM25 lexical index over the registry's tools (qualified names, titles, parameter names and
// descriptions, weighted by field). It follows the registry: each change swaps one server's
// documents in and out (incremental, never a rebuild), so a query reads postings only for the
// prompt's terms instead of scoring every tool.
import type { Disposable } from '../lifecycle';
import type { RegistryChange, ToolEntry, ToolRegistry } from '../mcp/registry';
import { terms, weightedTerms } from './toolText';

/** BM25's usual constants: term-frequency saturation and length normalisation. */
const K1 = 1.2;
const B = 0.75;

interface Doc {
  entry: ToolEntry;
  /** Each of its terms → its position in that term's postings (for O(1) removal). */
  slots: Map<string, number>;
}

/** One term's postings as parallel arrays: flat loops at query time, swap-removal on updates. */
interface Postings {
  ids: number[];
  tfs: number[];
}

export interface ScoredTool {
  entry: ToolEntry;
  score: number;
}

export class ToolIndex {
  private readonly docs: (Doc | undefined)[] = [];
  private readonly free: number[] = [];
  private readonly ids = new Map<ToolEntry, number>();
  private readonly postings = new Map<string, Postings>();
  /** Weighted document lengths by id; scores and touched ids are per-query scratch space. */
  private lengths = new Float64Array(64);
  private scores = new Float64Array(64);
  private touched = new Int32Array(64);
  private totalLength = 0;
  private subscription: Disposable | undefined;

  /** An index over `registry`'s tools that follows its changes until disposed. */
  static follow(registry: ToolRegistry): ToolIndex {
    const index = new ToolIndex();
    index.addAll(registry.tools());
    index.subscription = registry.onDidChange.event((change) => index.apply(change));
    return index;
  }

  get size(): number {
    return this.ids.size;
  }

  addAll(entries: readonly ToolEntry[]): void {
    for (const e of entries) this.add(e);
  }

  apply(change: RegistryChange): void {
    for (const e of change.removed) this.remove(e);
    for (const e of change.added) this.add(e);
  }

  add(entry: ToolEntry): void {
    if (this.ids.has(entry)) return;
    const { tf, length } = weightedTerms(entry);
    const id = this.free.pop() ?? this.docs.length;
    if (id >= this.lengths.length) this.grow(id + 1);
    const slots = new Map<string, number>();
    for (const [term, f] of tf) {
      let list = this.postings.get(term);
      if (!list) this.postings.set(term, (list = { ids: [], tfs: [] }));
      slots.set(term, list.ids.length);
      list.ids.push(id);
      list.tfs.push(f);
    }
    this.docs[id] = { entry, slots };
    this.lengths[id] = length;
    this.ids.set(entry, id);
    this.totalLength += length;
  }

  remove(entry: ToolEntry): void {
    const id = this.ids.get(entry);
    if (id === undefined) return;
    const doc = this.docs[id]!;
    for (const [term, at] of doc.slots) {
      const list = this.postings.get(term)!;
      const last = list.ids.length - 1;
      if (at !== last) {
        const moved = list.ids[last]!;
        list.ids[at] = moved;
        list.tfs[at] = list.tfs[last]!;
        this.docs[moved]!.slots.set(term, at);
      }
      list.ids.pop();
      list.tfs.pop();
      if (last === 0) this.postings.delete(term);
    }
    this.totalLength -= this.lengths[id]!;
    this.docs[id] = undefined;
    this.ids.delete(entry);
    this.free.push(id);
  }

  /**
   * The `limit` best-scoring tools for `query` that `accept` lets through, best first; tools
   * sharing no term with the query are not returned.
   */
  search(query: string, limit: number, accept: (entry: ToolEntry) => boolean = () => true): ScoredTool[] {
    const n = this.ids.size;
    if (n === 0 || limit <= 0) return [];
    const avgLength = this.totalLength / n || 1;
    const { scores, touched, lengths } = this;
    let count = 0;
    for (const term of new Set(terms(query))) {
      const list = this.postings.get(term);
      if (!list) continue;
      const { ids, tfs } = list;
      const idf = Math.log(1 + (n - ids.length + 0.5) / (ids.length + 0.5));
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i]!;
        const f = tfs[i]!;
        if (scores[id] === 0) touched[count++] = id;
        scores[id]! += (idf * f * (K1 + 1)) / (f + K1 * (1 - B + (B * lengths[id]!) / avgLength));
      }
    }
    try {
      return topK(scores, touched.subarray(0, count), limit, (id) => this.docs[id]!.entry, accept);
    } finally {
      for (let i = 0; i < count; i++) scores[touched[i]!] = 0;
    }
  }

  dispose(): void {
    this.subscription?.dispose();
  }

  private grow(min: number): void {
    const size = Math.max(min, this.lengths.length * 2);
    const lengths = new Float64Array(size);
    lengths.set(this.lengths);
    this.lengths = lengths;
    this.scores = new Float64Array(size);
    this.touched = new Int32Array(size);
  }
}

/**
 * The k highest scores through a bounded min-heap of ids (k ≪ candidates), best first; equal
 * scores keep index order (lower id first), so results are stable and comparisons stay numeric.
 */
function topK(scores: Float64Array, ids: Int32Array, k: number, entryOf: (id: number) => ToolEntry, accept: (e: ToolEntry) => boolean): ScoredTool[] {
  const heap: number[] = [];
  // `a` ranks below `b`: a lower score, or the same score and a later id.
  const worse = (a: number, b: number) => scores[a]! < scores[b]! || (scores[a] === scores[b] && a > b);
  const swap = (i: number, j: number) => ([heap[i], heap[j]] = [heap[j]!, heap[i]!]);
  for (const id of ids) {
    if (heap.length === k && worse(id, heap[0]!)) continue;
    if (!accept(entryOf(id))) continue;
    if (heap.length < k) {
      heap.push(id);
      for (let i = heap.length - 1; i > 0; ) {
        const p = (i - 1) >> 1;
        if (!worse(heap[i]!, heap[p]!)) break;
        swap(i, p);
        i = p;
      }
      continue;
    }
    heap[0] = id;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && worse(heap[r]!, heap[m]!)) m = r;
      if (m === i) break;
      swap(i, m);
      i = m;
    }
  }
  return heap.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0)).map((id) => ({ entry: entryOf(id), score: scores[id]! }));
}
