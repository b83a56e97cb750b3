// refused 3:13 tagged templates
const tag = (s: TemplateStringsArray, ...values: unknown[]): number => s.length + values.length;
console.log(tag`x${1}y`);
