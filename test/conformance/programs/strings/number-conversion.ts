// Converting between numbers and strings: String(), toString(radix), parseInt with radix, parseFloat.
console.log(String(42), (255).toString(16), (255).toString(2), (-8).toString(8));
console.log(parseInt('ff', 16), parseInt('0x1A'), parseInt('12px'), parseInt('  7 '), parseInt('abc'));
console.log(parseFloat('3.25kg'), parseFloat('.5'), parseFloat('-0.125'));
