import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** The TypeScript import graph of a folder: file → the files it imports (type-only imports included). */
export function importGraph(root: string): Map<string, string[]> {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) files.push(p);
    }
  };
  walk(root);
  const graph = new Map<string, string[]>();
  const re = /(?:^|\n)\s*(?:import|export)\s[^'"]*?\sfrom\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const deps = new Set<string>();
    for (const m of text.matchAll(re)) deps.add(resolve(dirname(f), (m[1] ?? m[2])!));
    graph.set(relative(root, f), [...deps].map((d) => relative(root, d)).filter((d) => d !== relative(root, f)));
  }
  return graph;
}

/** Strongly connected components with more than one member (or a self-loop): every import cycle, once. */
export function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index); low.set(v, index); index++;
    stack.push(v); on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do { w = stack.pop()!; on.delete(w); comp.push(w); } while (w !== v);
      if (comp.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(comp.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

/** The graph folded to folders at `depth` below root (e.g. `app/quoting`), for cycles between contexts. */
export function folderGraph(graph: ReadonlyMap<string, readonly string[]>, depth: number): Map<string, string[]> {
  const key = (f: string) => f.split('/').slice(0, depth).join('/');
  const out = new Map<string, Set<string>>();
  for (const [f, deps] of graph) {
    const k = key(f);
    if (!out.has(k)) out.set(k, new Set());
    for (const d of deps) if (key(d) !== k) out.get(k)!.add(key(d));
  }
  return new Map([...out].map(([k, v]) => [k, [...v]]));
}
