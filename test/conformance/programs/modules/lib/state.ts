// Module state: a counter shared by every importer (modules run once).
let count = 0;
export function bump(): number { return ++count; }
export function current(): number { return count; }
