// The house rules of docs/architecture.md, checked on every run: imports point down the layers, and no two
// folders (host's subfolders each count as one) import each other, directly or round a longer circle.
import test from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { circles, folderOf, importGraph, type ImportEdge } from './import-graph.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Which top-level folders each top-level folder may import from (itself included). */
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  core: ['core'],
  flasher: ['core', 'flasher'],
  sim: ['core', 'flasher', 'sim'],
  host: ['core', 'flasher', 'sim', 'host'],
  scripts: ['core', 'flasher', 'sim', 'host', 'scripts'],
  // bench runs the device program on the real interpreter, so it may read firmware/'s settings type
  bench: ['core', 'flasher', 'sim', 'host', 'scripts', 'firmware', 'bench'],
  firmware: ['firmware'],
  test: ['core', 'flasher', 'sim', 'host', 'scripts', 'bench', 'firmware', 'test'],
};
const FOLDERS = Object.keys(MAY_IMPORT);

const edges = importGraph(ROOT, FOLDERS);
const top = (file: string): string => file.split('/')[0]!;
const show = (e: ImportEdge): string => `${e.from} imports ${e.specifier}`;

/** The edges between two different folders, grouped: folder -> folder it imports -> the edges. */
function folderGraph(list: readonly ImportEdge[]): Map<string, Map<string, ImportEdge[]>> {
  const graph = new Map<string, Map<string, ImportEdge[]>>();
  for (const e of list) {
    const a = folderOf(e.from);
    const b = folderOf(e.to);
    if (a === b) continue;
    const out = graph.get(a) ?? new Map<string, ImportEdge[]>();
    graph.set(a, out);
    out.set(b, [...(out.get(b) ?? []), e]);
  }
  return graph;
}

test('the scanner sees the project: it finds imports in every layer', () => {
  for (const folder of ['core', 'flasher', 'sim', 'host', 'bench', 'test']) {
    assert.ok(edges.some((e) => top(e.from) === folder), `imports found in ${folder}/`);
  }
  assert.ok(edges.some((e) => e.from === 'host/cli.ts' && e.to === 'host/commands/index.ts'), 'host/cli.ts -> host/commands/index.ts');
});

test('imports point down: core uses nothing of the others; flasher, sim, host, bench follow the layers', () => {
  const wrong = edges.filter((e) => {
    const from = top(e.from);
    const to = top(e.to);
    const allowed = MAY_IMPORT[from];
    return allowed !== undefined && !allowed.includes(to);
  });
  assert.deepEqual(wrong.map(show), [], 'imports against the allowed direction (docs/architecture.md)');
});

test('no import circles between folders (each host/ subfolder is a folder of its own)', () => {
  const graph = folderGraph(edges);
  const found = circles(graph.keys(), (n) => graph.get(n)?.keys() ?? []);
  const explain = found.map((members) => {
    const inside = members.flatMap((a) => members.flatMap((b) => (graph.get(a)?.get(b) ?? []).slice(0, 2).map(show)));
    return `${members.join(' <-> ')}: ${inside.join('; ')}`;
  });
  assert.deepEqual(explain, [], 'folders that import each other');
});

test('no import circles between the files of sim/espruino', () => {
  const inside = edges.filter((e) => e.from.startsWith('sim/espruino/') && e.to.startsWith('sim/espruino/'));
  const next = new Map<string, string[]>();
  for (const e of inside) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  assert.deepEqual(circles(next.keys(), (n) => next.get(n) ?? []), []);
});

test('the checks catch what they are for: a reversed arrow, a two-folder circle, a three-file circle', () => {
  const planted: ImportEdge[] = [
    { from: 'host/push/a.ts', to: 'host/hub/b.ts', specifier: '../hub/b.ts' },
    { from: 'host/hub/b.ts', to: 'host/push/a.ts', specifier: '../push/a.ts' },
  ];
  const graph = folderGraph(planted);
  assert.deepEqual(circles(graph.keys(), (n) => graph.get(n)?.keys() ?? []), [['host/hub', 'host/push']]);
  const ring = new Map([['x', ['y']], ['y', ['z']], ['z', ['x']], ['w', ['x']]]);
  assert.deepEqual(circles(ring.keys(), (n) => ring.get(n) ?? []), [['x', 'y', 'z']]);
  assert.equal(folderOf('core/wire/push.ts'), 'core/wire');
  assert.equal(folderOf('host/cli.ts'), 'host');
  assert.ok(!MAY_IMPORT.core!.includes('host'), 'core may not import host');
});
