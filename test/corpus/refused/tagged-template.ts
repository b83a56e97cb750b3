// refused 3:13 tagged templates
const tag = (s: TemplateStringsArray): number => s.length;
console.log(tag`x${1}y`);
