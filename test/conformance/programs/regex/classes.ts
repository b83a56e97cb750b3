// Character classes, ranges, negated classes and the \d \w \s escapes.
const cases: Array<[RegExp, string]> = [[/[a-f0-9]+/, 'zz3fa9!'], [/[^,]+/, ',,abc,d'], [/\w+/, '  hello_1 '], [/\s+/, 'a \t b'], [/[A-Z][a-z]+/, 'the Board']];
console.log(cases.map(([re, s]) => JSON.stringify((re.exec(s) ?? ['-'])[0])).join(' '));
