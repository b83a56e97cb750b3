// toUpperCase, toLowerCase, trim and repeat.
const raw = '  Hello Board \t';
console.log(`[${raw.trim()}]`, raw.trim().toUpperCase(), raw.trim().toLowerCase());
console.log('ab'.repeat(3), `[${'x'.repeat(0)}]`);
