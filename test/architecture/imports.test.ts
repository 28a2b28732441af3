import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { cycles, folderGraph, importGraph } from './import-graph.ts';

const src = fileURLToPath(new URL('../../src', import.meta.url));

describe('straight imports (ARCHITECTURE.md, "Import direction")', () => {
  const graph = importGraph(src);

  it('no file imports itself back, type-only imports included', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('no two contexts of src/app import each other (cross-context writes are flows in app/flows)', () => {
    const contexts = new Map([...folderGraph(graph, 2)].filter(([k]) => k.startsWith('app/')));
    expect(cycles(contexts)).toEqual([]);
  });

  it('the checker finds a cycle when there is one', () => {
    const g = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']], ['d.ts', ['a.ts']]]);
    expect(cycles(g)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    expect(cycles(folderGraph(new Map([['app/x/1.ts', ['app/y/2.ts']], ['app/y/2.ts', ['app/x/3.ts']], ['app/x/3.ts', []]]), 2))).toEqual([['app/x', 'app/y']]);
  });
});
