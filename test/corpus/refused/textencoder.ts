// refused 2:19 TextEncoder is not defined
const bytes = new TextEncoder().encode('hi');
console.log(bytes.length);
