// refused 2:18 TextDecoder is not defined
const text = new TextDecoder().decode(new Uint8Array([104]));
console.log(text);
