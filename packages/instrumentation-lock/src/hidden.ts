/**
 * A hidden slot on objects: per-object state that no program can see or copy, freed with the
 * object. It is a class private field stamped onto the object (a base constructor that returns
 * the object it is given makes `new Slot(o)` add the field to `o`): private fields are not
 * properties, so `Reflect.ownKeys`, `structuredClone`, lodash, klona, fast-copy, rfdc and
 * `assert.deepStrictEqual` never see them, and adding one runs no Proxy trap or getter.
 *
 * Why not a WeakMap keyed by the object: a WeakMap's table keeps the capacity of its peak, so
 * 100,000 short-lived locks left ~0.5 MB per map behind after a full GC (measured), where the
 * bound is 1 MB in all. Each `hiddenSlot()` call makes a new private name: slots of two
 * instrumentation instances never share state.
 */
export interface HiddenSlot<T> {
  get(object: object): T | undefined;
  set(object: object, value: T): void;
}

class ReturnsItsArgument {
  constructor(object: object) {
    return object;
  }
}

export function hiddenSlot<T>(): HiddenSlot<T> {
  class Slot extends ReturnsItsArgument {
    #value: T | undefined;
    static get(object: object): T | undefined {
      return #value in object ? (object as Slot).#value : undefined;
    }
    static set(object: object, value: T): void {
      if (!(#value in object)) new Slot(object);
      (object as Slot).#value = value;
    }
  }
  return { get: Slot.get, set: Slot.set };
}
