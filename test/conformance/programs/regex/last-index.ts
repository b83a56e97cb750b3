// exec with /g walks through matches using lastIndex.
const re = /\d+/g;
const found: string[] = [];
let m: RegExpExecArray | null;
while ((m = re.exec('a1 b22 c333')) !== null) found.push(`${m[0]}@${m.index}`);
console.log(found.join(' '), re.lastIndex);
