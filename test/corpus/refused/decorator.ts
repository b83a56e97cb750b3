// refused 3:1 decorators are not supported
function sealed(_target: unknown, _ctx: ClassDecoratorContext): void {}
@sealed
class Box {}
console.log(typeof Box);
