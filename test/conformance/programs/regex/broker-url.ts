// Parsing a broker URL with regexes Espruino supports: one regex per form instead of optional parts.
function parse(url: string): string {
  let m = /^mqtt:\/\/([^:\/]+):(\d+)\/*$/.exec(url);
  if (m) return `${m[1]} ${m[2]}`;
  m = /^mqtt:\/\/([^:\/]+)\/*$/.exec(url);
  if (m) return `${m[1]} 1883`;
  return 'bad';
}
console.log(['mqtt://host', 'mqtt://host:1884', 'mqtt://h.local/', 'http://x'].map(parse).join(' | '));
