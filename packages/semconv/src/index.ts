export * from './attributes';
export * from './cardinality';
export * from './metrics';
export * from './prometheus';
