/**
 * Names that the capture resolved to each address, with the frame of the
 * answer, so that a flow without SNI or Host can be named by the DNS answers
 * seen BEFORE it began (CNAME chains followed: every name of the chain).
 */
import type { DnsRecord } from '../protocols/types.js';

export class DnsNames {
  private readonly byAddress = new Map<string, Map<string, number>>();

  /** Record the answers of one DNS response seen at `frame`. */
  add(queryName: string, answers: DnsRecord[], frame: number): void {
    if (!answers.length) return;
    // Names linked by CNAME: target -> set of names pointing at it.
    const aliasesOf = new Map<string, Set<string>>();
    for (const r of answers) {
      if (r.type !== 'CNAME' || !r.data) continue;
      const target = normalise(r.data);
      let set = aliasesOf.get(target);
      if (!set) aliasesOf.set(target, (set = new Set()));
      set.add(normalise(r.name));
    }
    for (const r of answers) {
      if ((r.type !== 'A' && r.type !== 'AAAA') || !r.data) continue;
      const names = new Set<string>();
      const walk = (n: string, depth: number): void => {
        if (names.has(n) || depth > 16) return;
        names.add(n);
        for (const a of aliasesOf.get(n) ?? []) walk(a, depth + 1);
      };
      walk(normalise(r.name), 0);
      if (queryName) {
        const q = normalise(queryName);
        // The query name belongs to the chain when the chain reaches it.
        if (names.has(q) || aliasesOf.size === 0) names.add(q);
      }
      let m = this.byAddress.get(r.data);
      if (!m) this.byAddress.set(r.data, (m = new Map()));
      for (const n of names) if (n && !m.has(n)) m.set(n, frame);
    }
  }

  /** Names resolved to `address` by answers seen before `beforeFrame`, sorted. */
  namesFor(address: string, beforeFrame: number): string[] {
    const m = this.byAddress.get(address);
    if (!m) return [];
    const out: string[] = [];
    for (const [name, frame] of m) if (frame < beforeFrame) out.push(name);
    return out.sort();
  }
}

function normalise(name: string): string {
  const n = name.toLowerCase();
  return n.endsWith('.') ? n.slice(0, -1) : n;
}
