export * from './attributes';
export * from './cardinality';
export * from './lock-kinds';
export * from './metrics';
export * from './prometheus';
