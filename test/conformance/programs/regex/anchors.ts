// ^ and $ anchors with + and * and a case-insensitive flag.
const ok = (re: RegExp, s: string): string => (re.test(s) ? 'y' : 'n');
console.log(ok(/^\d+$/, '123'), ok(/^\d+$/, '12a'), ok(/^[a-z]*$/, ''), ok(/^esp/i, 'ESP32'), ok(/\d+$/, 'v2'));
