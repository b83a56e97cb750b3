// replace with /g and a callback, and with group references.
console.log('a1b22c333'.replace(/\d+/g, (m) => `<${m.length}>`));
console.log('key: value'.replace(/(\w+): (\w+)/, '$2=$1'));
console.log('  lots   of   space '.replace(/\s+/g, ' ').trim());
